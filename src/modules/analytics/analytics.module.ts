import type { Reader } from '../../db/read-batcher';
import type { ModuleDefinition } from '../module';
import { AnalyticsCache } from './analytics.cache';
import { analyticsLoaders } from './analytics.loaders';
import { ANALYTICS_RESOLVERS } from './analytics.resolver';
import { AnalyticsService } from './analytics.service';

/** Its DataLoaders, made for every request; value medians come through the service's cache (one computation for many requests). */
const loaders = (reader: Reader, service: AnalyticsService) => analyticsLoaders(reader, (r) => service.medians(r));

/** Analytics: health, value, experience gaps, who knows a customer, trends, experts. */
export const analyticsModule: ModuleDefinition<'analytics', AnalyticsService, ReturnType<typeof loaders>> = {
  name: 'analytics',
  resolvers: ANALYTICS_RESOLVERS,
  service: ({ graph, config }) => new AnalyticsService(graph, new AnalyticsCache(config.analyticsCacheSeconds)),
  loaders,
};
