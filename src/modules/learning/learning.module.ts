import type { ModuleDefinition } from '../module';
import { LearningResolver } from './learning.resolver';
import { LearningService } from './learning.service';

/** Learning: the miners that propose insights from interactions and needs. */
export const learningModule: ModuleDefinition<'learning', LearningService, undefined> = {
  name: 'learning',
  resolvers: [LearningResolver],
  service: ({ graph, events, config }) => new LearningService(graph, events, config.learning),
};
