import type { LearningConfig } from '../config';
import type { Graph } from '../db/graph';
import { LearningService } from '../modules/learning/learning.service';
import { AnalyticsCache } from '../modules/analytics/analytics.cache';
import { AnalyticsService } from '../modules/analytics/analytics.service';
import { SearchService } from '../modules/search/search.service';
import { AnnotationService } from '../modules/annotation/annotation.service';
import { CustomerService } from '../modules/customer/customer.service';
import { DeletionService, type DeletionConfig } from '../modules/deletion/deletion.service';
import { EmployeeService } from '../modules/employee/employee.service';
import { InsightService } from '../modules/insight/insight.service';
import { InteractionService } from '../modules/interaction/interaction.service';
import { MergeService } from '../modules/merge/merge.service';
import { NeedService } from '../modules/need/need.service';
import { PrivacyService } from '../modules/privacy/privacy.service';
import { SegmentService } from '../modules/segment/segment.service';
import { TopicService } from '../modules/topic/topic.service';
import type { EventBus } from '../realtime/event-bus';
import type { EventPublisher } from '../realtime/topics';
import type { AuthUser } from './auth';
import { createLoaders, type Loaders } from './loaders';

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

/** What every resolver receives. */
export interface Context {
  /** The caller, or null when no token was sent. */
  user: AuthUser | null;
  /** The request's id (`x-request-id`), in every log line about it. */
  requestId?: string;
  /** Per-request DataLoaders; a subscription gets fresh ones for every event. */
  loaders: Loaders;
  services: Services;
  /** Live events, for subscriptions. */
  events: EventBus;
  /**
   * Subscriptions: switches to the loaders of this event. Every subscription resolving the same
   * event shares them, so an event costs one batch of Cypher however many subscribers match,
   * and each event is resolved from fresh data.
   */
  useEventLoaders(event: object): void;
  /** Subscriptions only: the caller fell too far behind; closes its WebSocket. */
  onSubscriberOverflow?: () => void;
}

/** A resolver that runs only behind `@Authorized()` can rely on a caller. */
export function caller(ctx: Context): AuthUser {
  if (!ctx.user) throw new Error('caller() used on a resolver without @Authorized()');
  return ctx.user;
}

/** Loaders per live event, shared by every subscription that resolves it; gone with the event. */
const eventLoaders = new WeakMap<object, Loaders>();

export function createContext(
  graph: Graph,
  services: Services,
  events: EventBus,
  user: AuthUser | null,
  onSubscriberOverflow?: () => void,
): Context {
  const context: Context = {
    user,
    loaders: createLoaders(graph, services.analytics),
    services,
    events,
    useEventLoaders: (event) => {
      let loaders = eventLoaders.get(event);
      if (!loaders) {
        loaders = createLoaders(graph, services.analytics);
        eventLoaders.set(event, loaders);
      }
      context.loaders = loaders;
    },
    onSubscriberOverflow,
  };
  return context;
}
