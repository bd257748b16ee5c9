import { demoData, DEMO_ADMIN_KEY } from '../../seeds/demo-data';
import { loadSeed, seedId } from '../../seeds/load';
import { startTestServer, type TestServer } from '../helpers/server';
import { AccessRole } from '../../src/graphql/access';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

/** Every node of the demo set (by label and id) and every relationship touching one. */
async function footprint() {
  const byLabel: Record<string, string[]> = {
    Segment: demoData.segments.map((x) => seedId('segment', x.key)),
    Employee: demoData.employees.map((x) => seedId('employee', x.key)),
    Customer: demoData.customers.map((x) => seedId('customer', x.key)),
    Need: demoData.needs.map((x) => seedId('need', x.key)),
    Interaction: demoData.interactions.map((x) => seedId('interaction', x.key)),
    Insight: demoData.insights.map((x) => seedId('insight', x.key)),
    Annotation: demoData.insights.flatMap((i) => i.annotations.map((_, n) => seedId('annotation', `${i.key}#${n}`))),
  };
  const out: Record<string, { nodes: number; rels: number }> = {};
  for (const [label, ids] of Object.entries(byLabel)) {
    const [row] = await s.cypher(
      `UNWIND $ids AS id MATCH (n:${label} {id: id}) OPTIONAL MATCH (n)-[r]-() RETURN count(DISTINCT n) AS nodes, count(r) AS rels`,
      { ids },
    );
    out[label] = { nodes: row.nodes, rels: row.rels };
  }
  return out;
}

describe('the demo data set', () => {
  it('tells the domain story at the promised size', () => {
    const d = demoData;
    expect(d.customers.length).toBeGreaterThanOrEqual(30);
    expect(d.customers.length).toBeLessThanOrEqual(50);
    expect(d.employees.length).toBeGreaterThanOrEqual(8);
    expect(d.employees.length).toBeLessThanOrEqual(10);
    expect(d.interactions.length).toBeGreaterThanOrEqual(300);
    expect(d.insights.length).toBeGreaterThanOrEqual(40);
    expect(new Set(d.customers.map((c) => c.kind))).toEqual(new Set(['PERSON', 'ORGANIZATION']));
    expect(new Set(d.customers.map((c) => c.relationshipType))).toEqual(new Set(['TRANSACTIONAL', 'COLLABORATIVE']));
    expect(d.customers.filter((c) => c.lifecycleStage === 'AT_RISK').length).toBeGreaterThanOrEqual(2);
    expect(d.customers.some((c) => c.organizationKey)).toBe(true);
    expect(new Set(d.needs.map((n) => n.kind))).toEqual(new Set(['FUNCTIONAL', 'EMOTIONAL', 'SOCIAL']));
    expect(new Set(d.insights.map((i) => i.status))).toEqual(new Set(['DRAFT', 'PROPOSED', 'VALIDATED', 'REFUTED', 'ARCHIVED']));
    expect(d.insights.filter((i) => i.status !== 'DRAFT').every((i) => i.evidenceKeys.length > 0)).toBe(true);
    expect(d.insights.filter((i) => i.annotations.length > 0).length).toBeGreaterThanOrEqual(20);
    expect(new Set(d.interactions.map((i) => i.channel)).size).toBeGreaterThanOrEqual(6);
    // The 20/80 shape: the top fifth of customers brings most of the revenue.
    const revenue = d.customers.map((c) => c.revenue).sort((a, b) => b - a);
    const top = revenue.slice(0, Math.ceil(revenue.length / 5)).reduce((a, b) => a + b, 0);
    expect(top / revenue.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.6);
    expect(d.employees.find((e) => e.key === DEMO_ADMIN_KEY)?.accessRoles).toContain('ADMIN');
  });

  it('loads idempotently: the second load changes nothing', async () => {
    await loadSeed(s.graph, demoData);
    const once = await footprint();
    expect(once.Customer.nodes).toBe(demoData.customers.length);
    expect(once.Interaction.nodes).toBe(demoData.interactions.length);
    expect(once.Insight.nodes).toBe(demoData.insights.length);
    expect(once.Annotation.nodes).toBe(demoData.insights.reduce((n, i) => n + i.annotations.length, 0));
    // Each interaction has its customer and handler, plus its needs, topics and citing insights.
    expect(once.Interaction.rels).toBeGreaterThanOrEqual(2 * demoData.interactions.length);
    await loadSeed(s.graph, demoData);
    expect(await footprint()).toEqual(once);
  });

  it('is served through the API with nested needs, interactions and insights', async () => {
    const token = await s.token(seedId('employee', DEMO_ADMIN_KEY), [AccessRole.ADMIN]);
    const res = await s.gql(
      `query($id: ID!) { customer(id: $id) { name needs { totalCount } interactions(first: 3) { totalCount edges { node { summary handler { name } } } } insights { totalCount edges { node { title author { name } } } } } }`,
      { id: seedId('customer', demoData.customers[0].key) },
      token,
    );
    expect(res.errors).toBeUndefined();
    const c = res.data.customer;
    const key = demoData.customers[0].key;
    expect(c.name).toBe(demoData.customers[0].name);
    expect(c.interactions.totalCount).toBe(demoData.interactions.filter((i) => i.customerKey === key).length);
    expect(c.needs.totalCount).toBe(demoData.needs.filter((n) => n.customers.some((h) => h.customerKey === key)).length);
    expect(c.insights.totalCount).toBe(demoData.insights.filter((i) => i.aboutCustomerKeys.includes(key)).length);
    const newest = [...demoData.interactions.filter((i) => i.customerKey === key)].sort((a, b) =>
      b.occurredAt.localeCompare(a.occurredAt),
    )[0];
    expect(c.interactions.edges[0].node.summary).toBe(newest.summary);
  });
});
