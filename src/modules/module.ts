import type { LearningConfig, WebhookConfig } from '../config';
import type { Graph } from '../db/graph';
import type { Reader } from '../db/read-batcher';
import type { EventRecorder } from '../realtime/topics';
import type { DeletionConfig } from './deletion/deletion.service';

/**
 * A module declares itself once, in its `<x>.module.ts` (a {@link ModuleDefinition}, its type
 * written out: the Context's types come from the modules, and a written type keeps TypeScript from
 * inferring a module's through resolvers that read that Context): its resolvers, the service that holds
 * its rules, and the DataLoaders of its reads. The registry (modules/index.ts) lists the modules;
 * the schema, the services and the loaders of a request are assembled from that list, so a new
 * domain is one new folder and one line there. What the look-ahead planner may do is declared on
 * the fields themselves (`@Reads`, `@Ahead`; graphql/lookahead/decorators.ts).
 */

/** What the modules are configured with (config.ts gives it). */
export interface ModulesConfig {
  learning: LearningConfig;
  analyticsCacheSeconds: number;
  deletion: DeletionConfig;
  webhooks: WebhookConfig;
}

/** What a module's service is made from: one set per server. */
export interface ServiceDeps {
  graph: Graph;
  events: EventRecorder;
  config: ModulesConfig;
}

export interface ModuleDefinition<Name extends string, Service, Loaders> {
  /** The module's name: the key of its service in `ctx.services` and of its loaders in `ctx.loaders`. */
  name: Name;
  /** Its resolver classes (type-graphql). */
  resolvers: readonly Function[];
  /** Its service (rules), stateless; made once per server. */
  service?: (deps: ServiceDeps) => Service;
  /** Its DataLoaders, made for every request over the request's batched reader (given the module's own service). */
  loaders?: (reader: Reader, service: Service) => Loaders;
}

/** The service of a module (undefined: it has none). */
export type ServiceOf<M> = M extends ModuleDefinition<string, infer Service, infer _Loaders> ? Service : never;
/** The loaders of a module (undefined: it has none). */
export type LoadersOf<M> = M extends ModuleDefinition<string, infer _Service, infer Loaders> ? Loaders : never;
