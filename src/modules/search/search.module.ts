import type { ModuleDefinition } from '../module';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

/** Search across customers, interactions, insights and needs. */
export const searchModule: ModuleDefinition<'search', SearchService, undefined> = {
  name: 'search',
  resolvers: [SearchResolver],
  service: ({ graph }) => new SearchService(graph),
};
