import type { Graph } from '../db/graph';
import { AnnotationService } from '../modules/annotation/annotation.service';
import { CustomerService } from '../modules/customer/customer.service';
import { EmployeeService } from '../modules/employee/employee.service';
import { InsightService } from '../modules/insight/insight.service';
import { InteractionService } from '../modules/interaction/interaction.service';
import { NeedService } from '../modules/need/need.service';
import { SegmentService } from '../modules/segment/segment.service';
import { TopicService } from '../modules/topic/topic.service';
import type { AuthUser } from './auth';
import { createLoaders, type Loaders } from './loaders';

/** The services (rules) of every module; one set per server, stateless. */
export function createServices(graph: Graph) {
  return {
    customer: new CustomerService(graph),
    employee: new EmployeeService(graph),
    interaction: new InteractionService(graph),
    need: new NeedService(graph),
    insight: new InsightService(graph),
    annotation: new AnnotationService(graph),
    segment: new SegmentService(graph),
    topic: new TopicService(graph),
  };
}
export type Services = ReturnType<typeof createServices>;

/** What every resolver receives. */
export interface Context {
  /** The caller, or null when no token was sent. */
  user: AuthUser | null;
  loaders: Loaders;
  services: Services;
}

/** A resolver that runs only behind `@Authorized()` can rely on a caller. */
export function caller(ctx: Context): AuthUser {
  if (!ctx.user) throw new Error('caller() used on a resolver without @Authorized()');
  return ctx.user;
}

export function createContext(graph: Graph, services: Services, user: AuthUser | null): Context {
  return { user, loaders: createLoaders(graph), services };
}
