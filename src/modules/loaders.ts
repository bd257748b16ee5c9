import type { Graph } from '../db/graph';
import { ReadBatcher, type Reader } from '../db/read-batcher';
import { MODULES, type Module } from './index';
import type { LoadersOf } from './module';
import type { Services } from './services';

/** The DataLoaders of each module that has some, by module name, and the request's batched reader. */
export type Loaders = { reader: Reader } & { [M in Module as LoadersOf<M> extends undefined ? never : M['name']]: LoadersOf<M> };

/**
 * Every DataLoader of one request, by module (each module's `loaders`, see index.ts), each module's
 * made on first use. Fresh for each request (and each subscription event), so batching spans one
 * request and nothing is cached across callers.
 */
export function createLoaders(db: Graph, services: Services): Loaders {
  // The loaders' reads of one moment go to Neo4j as one statement (see ReadBatcher).
  const reader = new ReadBatcher(db);
  const loaders: Record<string, unknown> = { reader };
  // Each module's loaders are made when the request first uses them: a read touches a few modules,
  // and making every module's DataLoaders for every request was garbage for the collector.
  for (const module of MODULES) {
    const make = module.loaders as ((reader: Reader, service: unknown) => unknown) | undefined;
    if (!make) continue;
    Object.defineProperty(loaders, module.name, {
      configurable: true,
      enumerable: true,
      get() {
        const made = make(reader, (services as Record<string, unknown>)[module.name]);
        Object.defineProperty(loaders, module.name, { value: made, enumerable: true });
        return made;
      },
    });
  }
  return loaders as Loaders;
}
