import 'reflect-metadata';
import { getNamedType, isObjectType, type GraphQLSchema } from 'graphql';
import { LOOKAHEAD_HINTS } from '../../src/modules/lookahead-hints';
import { buildRapportSchema } from '../../src/server/schema';

/**
 * The look-ahead planner reads a node's properties from the hints (modules/lookahead-hints.ts); a
 * field without one would make its node read every property, silently. So every field of every
 * type the planner fetches has a hint, and a hint names no field that does not exist.
 */
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildRapportSchema();
});

/** The types the planner fetches: those read by root look-ups and pages, and every type a looked-ahead field leads to. */
function fetchedTypes(): string[] {
  const types = new Set(['Customer', 'Interaction', 'Insight']);
  for (const [typeName, fields] of Object.entries(LOOKAHEAD_HINTS.nested)) {
    types.add(typeName);
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is no object type`);
    for (const [fieldName, nested] of Object.entries(fields)) {
      const field = type.getFields()[fieldName];
      if (!field) throw new Error(`${typeName}.${fieldName} does not exist`);
      // A relation leads to its node type (a wrapped one through its node field); a page to its nodes.
      let target = getNamedType(field.type);
      if (nested.kind === 'related' && nested.wrapped && isObjectType(target))
        target = getNamedType(target.getFields()[nested.wrapped.nodeField].type);
      if (nested.kind === 'page' && isObjectType(target)) {
        const edges = getNamedType(target.getFields().edges.type);
        if (isObjectType(edges)) target = getNamedType(edges.getFields().node.type);
      }
      types.add(target.name);
    }
  }
  return [...types].sort();
}

describe('look-ahead hints', () => {
  it('cover every field of every type the planner fetches', () => {
    const missing: string[] = [];
    for (const typeName of fetchedTypes()) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`${typeName} is no object type`);
      const hinted = LOOKAHEAD_HINTS.reads[typeName]?.fields ?? {};
      for (const field of Object.keys(type.getFields())) if (field !== 'id' && !(field in hinted)) missing.push(`${typeName}.${field}`);
    }
    expect(missing).toEqual([]);
  });

  it('name only fields that exist', () => {
    const unknown: string[] = [];
    for (const [typeName, { fields }] of Object.entries(LOOKAHEAD_HINTS.reads)) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) {
        unknown.push(typeName);
        continue;
      }
      for (const field of Object.keys(fields)) if (!type.getFields()[field]) unknown.push(`${typeName}.${field}`);
    }
    expect(unknown).toEqual([]);
  });
});
