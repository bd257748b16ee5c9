import type { LearningConfig } from '../config';
import type { Graph } from '../db/graph';
import type { EventPublisher } from '../realtime/topics';
import { LearningService } from './learning/learning.service';
import { AnalyticsCache } from './analytics/analytics.cache';
import { AnalyticsService } from './analytics/analytics.service';
import { SearchService } from './search/search.service';
import { AnnotationService } from './annotation/annotation.service';
import { CustomerService } from './customer/customer.service';
import { DeletionService, type DeletionConfig } from './deletion/deletion.service';
import { EmployeeService } from './employee/employee.service';
import { InsightService } from './insight/insight.service';
import { InteractionService } from './interaction/interaction.service';
import { MergeService } from './merge/merge.service';
import { NeedService } from './need/need.service';
import { PrivacyService } from './privacy/privacy.service';
import { SegmentService } from './segment/segment.service';
import { TopicService } from './topic/topic.service';

/**
 * The modules, assembled: the service (rules) of each. The server makes one set at start-up
 * (server/app.ts); resolvers reach them through their Context (graphql/context.ts).
 */

/** The services (rules) of every module; one set per server, stateless. */
export function createServices(
  graph: Graph,
  events: EventPublisher,
  config: { learning: LearningConfig; analyticsCacheSeconds: number; deletion: DeletionConfig },
) {
  return {
    customer: new CustomerService(graph, events),
    employee: new EmployeeService(graph),
    interaction: new InteractionService(graph, events),
    need: new NeedService(graph, events),
    insight: new InsightService(graph, events),
    annotation: new AnnotationService(graph, events),
    segment: new SegmentService(graph, events),
    topic: new TopicService(graph, events),
    privacy: new PrivacyService(graph, events),
    search: new SearchService(graph),
    analytics: new AnalyticsService(graph, new AnalyticsCache(config.analyticsCacheSeconds)),
    learning: new LearningService(graph, events, config.learning),
    deletion: new DeletionService(graph, events, config.deletion),
    merge: new MergeService(graph, events),
  };
}
export type Services = ReturnType<typeof createServices>;
