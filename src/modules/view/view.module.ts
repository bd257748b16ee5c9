import type { ModuleDefinition } from '../module';
import { ViewResolver } from './view.resolver';
import { ViewService } from './view.service';

/** Saved views: each person's own arrangements of a list (filter, order, page size), kept in the graph. */
export const viewModule: ModuleDefinition<'view', ViewService, undefined> = {
  name: 'view',
  resolvers: [ViewResolver],
  service: ({ graph }) => new ViewService(graph),
};
