import type { ModuleDefinition } from '../module';
import { PrivacyResolver } from './privacy.resolver';
import { PrivacyService } from './privacy.service';

/** Privacy: exports of what is held about a customer, and erasure. */
export const privacyModule: ModuleDefinition<'privacy', PrivacyService, undefined> = {
  name: 'privacy',
  resolvers: [PrivacyResolver],
  service: ({ graph, events }) => new PrivacyService(graph, events),
};
