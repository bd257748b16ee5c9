import type { Graph } from '../db/graph';
import type { EventRecorder } from '../realtime/topics';
import { MODULES, type Module } from './index';
import type { ModulesConfig, ServiceOf } from './module';

/**
 * The modules' services (rules), assembled from the registry (index.ts): one set per server,
 * made at start-up (server/app.ts); resolvers reach them through their Context (graphql/context.ts).
 */

/** The service of each module that has one, by module name. */
export type Services = { [M in Module as ServiceOf<M> extends undefined ? never : M['name']]: ServiceOf<M> };

/** The services of every module; stateless. */
export function createServices(graph: Graph, events: EventRecorder, config: ModulesConfig): Services {
  const services: Record<string, unknown> = {};
  for (const module of MODULES) if (module.service) services[module.name] = module.service({ graph, events, config });
  return services as Services;
}
