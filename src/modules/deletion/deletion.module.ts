import type { ModuleDefinition } from '../module';
import { DeletionResolver } from './deletion.resolver';
import { DeletionService } from './deletion.service';

/** Deletion: soft deletion, restore, and purging after the retention. */
export const deletionModule: ModuleDefinition<'deletion', DeletionService, undefined> = {
  name: 'deletion',
  resolvers: [DeletionResolver],
  service: ({ graph, events, config }) => new DeletionService(graph, events, config.deletion),
};
