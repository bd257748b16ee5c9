import { fetchLists, nestedFilterClauses, parentPattern, type ListKey, type ListSpec, type PageResult } from '../../src/db/list-query';
import type { Reader } from '../../src/db/read-batcher';
import { interactionList } from '../../src/modules/interaction/interaction.repository';
import { needList } from '../../src/modules/need/need.repository';
import { customerList, type CustomerFilterField, type CustomerSortField } from '../../src/modules/customer/customer.repository';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * Pages and counts of one loader batch (src/db/list-query.ts), on the real graph: a count asked
 * with a page of the same filter comes in that page's statement, a page nobody counts costs no
 * count, and a count without a page gets a statement of its own.
 */
let s: TestServer;
let w: World;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
});
afterAll(() => s.close());

type Key = ListKey<CustomerFilterField, CustomerSortField>;

/** The statements a batch sends, and its answers. */
async function fetchRecorded(keys: Key[]) {
  const sent: string[] = [];
  const reader: Reader = { read: (cypher, params, operation) => (sent.push(cypher), s.graph.read(cypher, params, operation)) };
  const results = await fetchLists(reader, customerList, keys);
  return { sent, results };
}

const names = (r: PageResult | number) => (r as PageResult).nodes.map((n) => n.name);

it('answers pages and counts of one batch exactly, and counts only where a count was asked', async () => {
  const everyone = { nameContains: w.prefix };
  const active = { nameContains: w.prefix, lifecycleStages: ['ACTIVE'] };
  const atRisk = { nameContains: w.prefix, lifecycleStages: ['AT_RISK'] };
  const { sent, results } = await fetchRecorded([
    { kind: 'page', req: { filter: everyone, orderBy: 'REVENUE', direction: 'DESC', first: 2 } },
    { kind: 'count', filter: everyone },
    { kind: 'page', req: { filter: active, orderBy: 'REVENUE', direction: 'DESC', first: 2 } },
    { kind: 'count', filter: atRisk },
  ]);
  expect(names(results[0])).toEqual([`${w.prefix} Acme Freight`, `${w.prefix} Bolt Couriers`]);
  expect((results[0] as PageResult).hasNextPage).toBe(true);
  expect(results[1]).toBe(3);
  expect(names(results[2])).toEqual([`${w.prefix} Acme Freight`, `${w.prefix} Dana Contact`]);
  expect((results[2] as PageResult).hasNextPage).toBe(false);
  expect(results[3]).toBe(1);

  // The page with its count, the page without one, the count without a page.
  expect(sent).toHaveLength(3);
  const [counted, uncounted, alone] = sent;
  expect(counted).toContain('RETURN key.i AS i, nodes, total');
  expect(counted).toContain('count(n) AS total');
  expect(uncounted).toContain('RETURN key.i AS i, nodes');
  expect(uncounted).not.toContain('count(');
  expect(alone).not.toContain('collect(');
  expect(alone).toContain('count(n) AS total');
});

it('two pages of one filter: the first answers the count, the second is not counted again', async () => {
  const everyone = { nameContains: w.prefix };
  const { sent, results } = await fetchRecorded([
    { kind: 'page', req: { filter: everyone, orderBy: 'NAME', direction: 'ASC', first: 1 } },
    { kind: 'page', req: { filter: everyone, orderBy: 'NAME', direction: 'ASC', first: 1 } },
    { kind: 'count', filter: everyone },
    { kind: 'count', filter: everyone },
  ]);
  expect(names(results[0])).toEqual([`${w.prefix} Acme Freight`]);
  expect(names(results[1])).toEqual([`${w.prefix} Acme Freight`]);
  expect(results[2]).toBe(3);
  expect(results[3]).toBe(3);
  expect(sent.filter((c) => c.includes('count('))).toHaveLength(1);
  expect(sent).toHaveLength(2);
});

it("writes a list's filter fragments over the names a nested page gives them", () => {
  expect(nestedFilterClauses(interactionList, ['channels', 'occurredAfter', 'topic', 'needId'], 'la3', '$la4')).toEqual([
    'MATCH (la3)-[:TAGGED]->(:Topic {name: toLower(trim($la4.topic))})',
    'MATCH (la3)-[:EXPRESSED]->(:Need {id: $la4.needId})',
    'WHERE (la3.channel IN $la4.channels) AND (la3.occurredAt >= datetime($la4.occurredAfter))',
  ]);
  expect(nestedFilterClauses(interactionList, [], 'la3', '$la4')).toEqual([]);
  // A fragment's own variables are its own: only the names it is given change (no text is rewritten).
  const odd: ListSpec<'x', 'y'> = {
    label: 'Odd',
    filters: { x: { where: (v) => `size([n IN ${v.filter}.xs WHERE n = ${v.node}.y]) > 0` } },
    order: { y: { property: 'y', kind: 'string' } },
  };
  expect(nestedFilterClauses(odd, ['x'], 'la1', '$la2')).toEqual(['WHERE (size([n IN $la2.xs WHERE n = la1.y]) > 0)']);
});

it("makes a link filter the pattern from a bound parent, and refuses any other filter as a parent's", () => {
  expect(parentPattern(interactionList, 'customerId', 'la3', 'la2')).toBe('(la3:Interaction)-[:WITH_CUSTOMER]->(la2:Customer)');
  expect(parentPattern(needList, 'customerId', 'la1', 'la0')).toBe('(la1:Need)<-[:HAS_NEED]-(la0:Customer)');
  expect(() => parentPattern(interactionList, 'topic', 'la3', 'la2')).toThrow('The Interaction filter topic is not a parent filter.');
  expect(() => parentPattern(interactionList, 'channels', 'la3', 'la2')).toThrow('The Interaction filter channels is not a parent filter.');
});
