import 'reflect-metadata';
import { getNamedType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { hintOf } from '../../src/graphql/lookahead';
import { buildRapportSchema } from '../../src/server/schema';

/**
 * The look-ahead planner reads what a field reads of its node from the hint on the field
 * (`@Reads`, `@ReadsItself`, `@Ahead`; graphql/lookahead/decorators.ts); a field without one
 * would make its node read every property, silently. So every field of every type the planner
 * fetches has a hint, and each hint is one the planner can follow.
 */
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildRapportSchema();
});

const objectType = (name: string): GraphQLObjectType => {
  const type = schema.getType(name);
  if (!isObjectType(type)) throw new Error(`${name} is no object type`);
  return type;
};

/**
 * The types the planner fetches: those of the root look-ups and pages (`customer`, `customers`,
 * `interaction`, ...), and every type an `@Ahead` field leads to, followed to the end.
 */
function fetchedTypes(): string[] {
  const types = new Set<string>();
  const visit = (name: string) => {
    if (types.has(name)) return;
    types.add(name);
    for (const field of Object.values(objectType(name).getFields())) {
      const nested = hintOf(field)?.nested;
      if (!nested) continue;
      // A relation leads to its node type (a wrapped one through its node field); a page to its nodes.
      let target = getNamedType(field.type);
      if (nested.kind === 'related' && nested.wrapped && isObjectType(target))
        target = getNamedType(target.getFields()[nested.wrapped.nodeField].type);
      if (nested.kind === 'page' && isObjectType(target)) {
        const edges = getNamedType(target.getFields().edges.type);
        if (isObjectType(edges)) target = getNamedType(edges.getFields().node.type);
      }
      visit(target.name);
    }
  };
  ['Customer', 'Interaction', 'Insight'].forEach(visit);
  return [...types].sort();
}

describe('look-ahead hints', () => {
  it('reach every type the planner fetches', () => {
    expect(fetchedTypes()).toEqual(['Annotation', 'Customer', 'Employee', 'Insight', 'Interaction', 'Need', 'Segment']);
  });

  it('are on every field of every type the planner fetches', () => {
    const missing: string[] = [];
    for (const typeName of fetchedTypes())
      for (const [name, field] of Object.entries(objectType(typeName).getFields()))
        if (name !== 'id' && !hintOf(field)) missing.push(`${typeName}.${name}`);
    expect(missing).toEqual([]);
  });

  it('fetch ahead only fields of an object type, reading nothing of their node but its id', () => {
    const wrong: string[] = [];
    for (const type of Object.values(schema.getTypeMap()))
      if (isObjectType(type))
        for (const [name, field] of Object.entries(type.getFields())) {
          const hint = hintOf(field);
          if (hint?.nested && (!isObjectType(getNamedType(field.type)) || hint.reads.length > 0)) wrong.push(`${type.name}.${name}`);
        }
    expect(wrong).toEqual([]);
  });

  it('a field of its own name reads the property of that name', () => {
    const customer = objectType('Customer').getFields();
    expect(hintOf(customer.name)).toEqual({ reads: ['name'] });
    expect(hintOf(customer.profitability)).toEqual({ reads: ['revenue', 'costToServe'] });
    expect(hintOf(customer.owners)).toMatchObject({ reads: [], nested: { kind: 'related' } });
    expect(hintOf(customer.interactions)).toMatchObject({ reads: [], nested: { kind: 'page', parentFilter: 'customerId' } });
  });
});
