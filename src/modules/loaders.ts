import type { Graph } from '../db/graph';
import { ReadBatcher, type Reader } from '../db/read-batcher';
import { MODULES, type Module } from './index';
import type { LoadersOf } from './module';
import type { Services } from './services';

/** The DataLoaders of each module that has some, by module name, and the request's batched reader. */
export type Loaders = { reader: Reader } & { [M in Module as LoadersOf<M> extends undefined ? never : M['name']]: LoadersOf<M> };

/**
 * Every DataLoader of one request, by module (each module's `loaders`, see index.ts). Built fresh
 * for each request (and each subscription event), so batching spans one request and nothing is
 * cached across callers.
 */
export function createLoaders(db: Graph, services: Services): Loaders {
  // The loaders' reads of one moment go to Neo4j as one statement (see ReadBatcher).
  const reader = new ReadBatcher(db);
  const loaders: Record<string, unknown> = { reader };
  for (const module of MODULES) {
    if (!module.loaders) continue;
    const own = (services as Record<string, unknown>)[module.name];
    loaders[module.name] = (module.loaders as (reader: Reader, service: unknown) => unknown)(reader, own);
  }
  return loaders as Loaders;
}
