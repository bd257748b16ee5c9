import 'reflect-metadata';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { buildRapportSchema } from '../../src/server/schema';

/**
 * Plain fields are read inline by the compiled executor, without a resolver (plainFieldsReadDirectly
 * in src/server/schema.ts). What must never lose its resolver: a field with `@Authorized` (personal
 * data: its check runs in type-graphql's resolver), a field with middleware, and a field computed
 * by a resolver method.
 */
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildRapportSchema();
});

const fieldOf = (type: string, field: string) => {
  const t = schema.getType(type);
  if (!isObjectType(t)) throw new Error(`${type} is not an object type`);
  const f = t.getFields()[field];
  if (!f) throw new Error(`${type}.${field} is not a field`);
  return f;
};

it('reads plain properties without a resolver', () => {
  for (const [type, field] of [
    ['Customer', 'id'],
    ['Customer', 'name'],
    ['Customer', 'revenue'],
    ['Customer', 'lifecycleStage'],
    ['Interaction', 'channel'],
    ['Interaction', 'summary'],
    ['Employee', 'name'],
    ['Need', 'title'],
    ['Insight', 'title'],
    ['Annotation', 'body'],
    ['Segment', 'name'],
  ]) {
    expect([`${type}.${field}`, fieldOf(type, field).resolve]).toEqual([`${type}.${field}`, undefined]);
  }
});

it('keeps the resolver, and with it the role check, of every field with @Authorized or middleware', () => {
  const storage = getMetadataStorage();
  const guarded = [...storage.objectTypes, ...storage.interfaceTypes].flatMap((t) =>
    (t.fields ?? []).filter((f) => f.roles !== undefined || f.middlewares?.length).map((f) => [t.name, f.schemaName] as const),
  );
  // The personal data the consent and hostile suites attack: it must be among them.
  expect(guarded.map(([t, f]) => `${t}.${f}`)).toEqual(expect.arrayContaining(['Customer.email', 'Customer.phone', 'Interaction.content']));
  for (const [type, field] of guarded) {
    const t = schema.getType(type);
    if (!isObjectType(t)) continue; // interfaces: checked on the types that implement them
    expect([`${type}.${field}`, typeof t.getFields()[field]?.resolve]).toEqual([`${type}.${field}`, 'function']);
  }
});

it('keeps the resolver of fields computed by a method or a field resolver', () => {
  for (const [type, field] of [
    ['Customer', 'owners'],
    ['Customer', 'interactions'],
    ['Customer', 'health'],
    ['Interaction', 'customer'],
    ['Insight', 'annotations'],
  ]) {
    expect([`${type}.${field}`, typeof fieldOf(type, field).resolve]).toEqual([`${type}.${field}`, 'function']);
  }
});
