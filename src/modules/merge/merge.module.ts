import type { ModuleDefinition } from '../module';
import {
  CustomerMergesResolver,
  DismissedDuplicateResolver,
  DuplicateCandidateResolver,
  MergeResolver,
  NeedMergesResolver,
} from './merge.resolver';
import { MergeService } from './merge.service';

/** Merges of duplicate customers and needs, and the candidates for them. */
export const mergeModule: ModuleDefinition<'merge', MergeService, undefined> = {
  name: 'merge',
  resolvers: [MergeResolver, DuplicateCandidateResolver, DismissedDuplicateResolver, CustomerMergesResolver, NeedMergesResolver],
  service: ({ graph, events }) => new MergeService(graph, events),
};
