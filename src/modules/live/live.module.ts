import type { ModuleDefinition } from '../module';
import { LiveResolver } from './live.resolver';

/** Live updates: what the subscriptions need besides their own modules (the cursor of the event log now). */
export const liveModule: ModuleDefinition<'live', never, never> = {
  name: 'live',
  resolvers: [LiveResolver],
};
