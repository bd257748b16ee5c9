import 'reflect-metadata';
import { getMetadataStorage, Query, Resolver } from 'type-graphql';
import { buildRapportSchema } from '../../src/server/schema';

/**
 * Every query, mutation and subscription needs a token (README): each root field carries
 * `@Authorized` (with or without roles), on itself or on its resolver class. A new module whose
 * root field forgot it would answer anyone; this fails first.
 */

interface RootField {
  target: Function;
  methodName: string;
  schemaName: string;
}

function unauthorizedRootFields(): string[] {
  const storage = getMetadataStorage() as unknown as {
    queries: RootField[];
    mutations: RootField[];
    subscriptions: RootField[];
    authorizedFields: { target: Function; fieldName: string }[];
    authorizedResolver: { target: Function }[];
  };
  const authorized = (field: RootField) =>
    storage.authorizedFields.some((a) => a.target === field.target && a.fieldName === field.methodName) ||
    storage.authorizedResolver.some((a) => a.target === field.target);
  return [...storage.queries, ...storage.mutations, ...storage.subscriptions].filter((f) => !authorized(f)).map((f) => f.schemaName);
}

describe('root fields', () => {
  it('all need a token', async () => {
    const schema = await buildRapportSchema();
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) =>
      Object.keys(t?.getFields() ?? {}),
    );
    expect(roots.length).toBeGreaterThan(50);
    expect(unauthorizedRootFields()).toEqual([]);
  });

  it('a root field without @Authorized is caught', () => {
    @Resolver()
    class Forgotten {
      @Query(() => String, { description: 'Answers anyone.' })
      forgottenField(): string {
        return 'open';
      }
    }
    expect(Forgotten).toBeDefined();
    expect(unauthorizedRootFields()).toEqual(['forgottenField']);
  });
});
