import { createHash } from 'node:crypto';
import type { Graph } from '../src/db/graph';
import { HEALTH_REFRESH_BATCH, refreshHealthSnapshots } from '../src/modules/analytics/health-snapshot';
import { AccessRole } from '../src/graphql/access';
import type { SeedDataSet } from './types';

/**
 * Loads a seed data set idempotently: every node is MERGEd on an id derived from its seed key,
 * every relationship is MERGEd, and properties are set to the same values, so loading twice
 * leaves the graph exactly as loading once.
 */

/** A stable UUID (version-5 layout) for a seed key of a kind: same key, same id, everywhere. */
export function seedId(kind: string, key: string): string {
  const h = createHash('sha1').update(`rapport-seed:${kind}:${key}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** When the seeded segments and employees are said to have been recorded. */
const SEED_EPOCH = '2024-11-01T09:00:00Z';

/** True when the graph holds nothing but migration records. */
export async function isGraphEmpty(graph: Graph): Promise<boolean> {
  const rows = await graph.read('MATCH (n) WHERE NOT n:Migration RETURN count(n) > 0 AS any LIMIT 1', {}, 'seed');
  return !rows[0]?.any;
}

/** The seeded employee whose token `npm start` prints: `adminKey`, or the first ADMIN. */
export function demoAdmin(data: SeedDataSet, adminKey?: string) {
  const key = adminKey ?? data.employees.find((e) => e.accessRoles.includes('ADMIN'))?.key;
  const employee = data.employees.find((e) => e.key === key);
  if (!employee) throw new Error('The seed data set has no ADMIN employee.');
  return { id: seedId('employee', employee.key), name: employee.name, roles: employee.accessRoles as AccessRole[] };
}

const BATCH = 500;

async function inBatches(graph: Graph, cypher: string, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await graph.write(cypher, { rows: rows.slice(i, i + BATCH), epoch: SEED_EPOCH }, 'seed');
  }
}

export async function loadSeed(graph: Graph, data: SeedDataSet): Promise<Record<string, number>> {
  const id = seedId;
  const topicNames = new Set<string>();
  for (const x of [...data.interactions, ...data.needs, ...data.insights])
    x.topicNames.forEach((t) => topicNames.add(t.trim().toLowerCase()));

  await inBatches(
    graph,
    `UNWIND $rows AS r MERGE (t:Topic {name: r.name}) ON CREATE SET t.id = r.id, t.createdAt = datetime($epoch)`,
    [...topicNames].map((name) => ({ id: id('topic', name), name })),
  );
  await inBatches(
    graph,
    `UNWIND $rows AS r MERGE (s:Segment {id: r.id})
     SET s.name = r.name, s.nameLower = toLower(r.name), s.description = r.description, s.createdAt = datetime(r.at)`,
    data.segments.map((s) => ({ id: id('segment', s.key), name: s.name, description: s.description, at: SEED_EPOCH })),
  );
  await inBatches(
    graph,
    `UNWIND $rows AS r MERGE (e:Employee {id: r.id})
     SET e.name = r.name, e.nameLower = toLower(r.name), e.email = r.email, e.team = r.team, e.role = r.role,
         e.accessRoles = r.accessRoles, e.createdAt = datetime(r.at), e.updatedAt = datetime(r.at)`,
    data.employees.map((e) => ({
      id: id('employee', e.key),
      name: e.name,
      email: e.email.toLowerCase(),
      team: e.team,
      role: e.role,
      accessRoles: e.accessRoles,
      at: SEED_EPOCH,
    })),
  );
  await inBatches(
    graph,
    `UNWIND $rows AS r MERGE (c:Customer {id: r.id})
     SET c += r.props, c.nameLower = toLower(r.props.name), c.createdAt = datetime(r.at), c.updatedAt = datetime(r.at)
     WITH c, r
     CALL (c, r) { WITH c, r WHERE r.segment IS NOT NULL MATCH (s:Segment {id: r.segment}) MERGE (c)-[:IN_SEGMENT]->(s) }
     CALL (c, r) { WITH c, r WHERE r.organization IS NOT NULL MATCH (o:Customer {id: r.organization}) MERGE (c)-[:MEMBER_OF]->(o) }
     CALL (c, r) { UNWIND r.owners AS oid MATCH (e:Employee {id: oid}) MERGE (e)-[o:OWNS_ACCOUNT]->(c) ON CREATE SET o.since = datetime(r.at) }`,
    // Organizations first, so that their contacts find them.
    [...data.customers]
      .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'ORGANIZATION' ? -1 : 1))
      .map((c) => ({
        id: id('customer', c.key),
        at: c.createdAt,
        segment: c.segmentKey ? id('segment', c.segmentKey) : null,
        organization: c.organizationKey ? id('customer', c.organizationKey) : null,
        owners: c.ownerKeys.map((k) => id('employee', k)),
        props: {
          name: c.name,
          kind: c.kind,
          email: c.email ?? null,
          phone: c.phone ?? null,
          lifecycleStage: c.lifecycleStage,
          relationshipType: c.relationshipType,
          revenue: c.revenue,
          costToServe: c.costToServe,
          lifetimeValue: c.lifetimeValue,
          consentContact: c.consentContact,
          consentAnalytics: c.consentAnalytics,
        },
      })),
  );
  await inBatches(
    graph,
    `UNWIND $rows AS r MATCH (c:Customer {id: r.id}), (ref:Customer {id: r.referrer}) MERGE (ref)-[:REFERRED]->(c)`,
    data.customers.filter((c) => c.referredByKey).map((c) => ({ id: id('customer', c.key), referrer: id('customer', c.referredByKey!) })),
  );
  await inBatches(
    graph,
    `UNWIND $rows AS r MERGE (n:Need {id: r.id})
     SET n += r.props, n.titleLower = toLower(r.props.title), n.createdAt = datetime(r.at), n.updatedAt = datetime(r.at)
     WITH n, r
     CALL (n, r) { UNWIND r.holders AS h MATCH (c:Customer {id: h.customer}) MERGE (c)-[x:HAS_NEED]->(n) SET x.since = datetime(h.since), x.intensity = h.intensity }
     CALL (n, r) { UNWIND r.topics AS t MATCH (topic:Topic {name: t}) MERGE (n)-[:TAGGED]->(topic) }`,
    data.needs.map((n) => ({
      id: id('need', n.key),
      at: n.createdAt,
      props: { title: n.title, description: n.description, kind: n.kind, priority: n.priority, status: n.status },
      holders: n.customers.map((h) => ({ customer: id('customer', h.customerKey), since: h.since, intensity: h.intensity })),
      topics: n.topicNames.map((t) => t.trim().toLowerCase()),
    })),
  );
  await inBatches(
    graph,
    `UNWIND $rows AS r MERGE (i:Interaction {id: r.id})
     SET i += r.props, i.occurredAt = datetime(r.at), i.createdAt = datetime(r.at),
         i.expectedQuality = toInteger(r.props.expectedQuality), i.perceivedQuality = toInteger(r.props.perceivedQuality)
     WITH i, r
     MATCH (c:Customer {id: r.customer}) MERGE (i)-[:WITH_CUSTOMER]->(c)
     WITH i, r
     MATCH (e:Employee {id: r.handler}) MERGE (i)-[:HANDLED_BY]->(e)
     WITH i, r
     CALL (i, r) { UNWIND r.needs AS nid MATCH (n:Need {id: nid}) MERGE (i)-[:EXPRESSED]->(n) }
     CALL (i, r) { UNWIND r.topics AS t MATCH (topic:Topic {name: t}) MERGE (i)-[:TAGGED]->(topic) }`,
    data.interactions.map((x) => ({
      id: id('interaction', x.key),
      at: x.occurredAt,
      customer: id('customer', x.customerKey),
      handler: id('employee', x.handlerKey),
      needs: x.needKeys.map((k) => id('need', k)),
      topics: x.topicNames.map((t) => t.trim().toLowerCase()),
      props: {
        externalId: x.externalId,
        channel: x.channel,
        touchpoint: x.touchpoint,
        direction: x.direction,
        summary: x.summary,
        content: x.content,
        sentiment: x.sentiment,
        expectedQuality: x.expectedQuality,
        perceivedQuality: x.perceivedQuality,
      },
    })),
  );
  await inBatches(
    graph,
    `UNWIND $rows AS r MERGE (i:Insight {id: r.id})
     SET i += r.props, i.version = toInteger(r.props.version), i.validUntil = datetime(r.validUntil), i.createdAt = datetime(r.createdAt), i.updatedAt = datetime(r.updatedAt)
     WITH i, r
     MATCH (a:Employee {id: r.author}) MERGE (a)-[:AUTHORED]->(i)
     WITH i, r
     CALL (i, r) { UNWIND r.aboutCustomers AS sid MATCH (s:Customer {id: sid}) MERGE (i)-[:ABOUT]->(s) }
     CALL (i, r) { UNWIND r.aboutNeeds AS sid MATCH (s:Need {id: sid}) MERGE (i)-[:ABOUT]->(s) }
     CALL (i, r) { UNWIND r.aboutSegments AS sid MATCH (s:Segment {id: sid}) MERGE (i)-[:ABOUT]->(s) }
     CALL (i, r) { UNWIND r.evidence AS xid MATCH (x:Interaction {id: xid}) MERGE (i)-[:EVIDENCED_BY]->(x) }
     CALL (i, r) { UNWIND r.topics AS t MATCH (topic:Topic {name: t}) MERGE (i)-[:TAGGED]->(topic) }
     CALL (i, r) {
       UNWIND r.annotations AS an
       MATCH (e:Employee {id: an.author})
       MERGE (a:Annotation {id: an.id})
       SET a.kind = an.kind, a.body = an.body, a.createdAt = datetime(an.at)
       MERGE (e)-[:WROTE]->(a)
       MERGE (a)-[:ON]->(i)
     }`,
    data.insights.map((s) => ({
      id: id('insight', s.key),
      author: id('employee', s.authorKey),
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      validUntil: s.validUntil ?? null,
      aboutCustomers: s.aboutCustomerKeys.map((k) => id('customer', k)),
      aboutNeeds: s.aboutNeedKeys.map((k) => id('need', k)),
      aboutSegments: s.aboutSegmentKeys.map((k) => id('segment', k)),
      evidence: s.evidenceKeys.map((k) => id('interaction', k)),
      topics: s.topicNames.map((t) => t.trim().toLowerCase()),
      annotations: s.annotations.map((a, n) => ({
        id: id('annotation', `${s.key}#${n}`),
        author: id('employee', a.authorKey),
        kind: a.kind,
        body: a.body,
        at: a.createdAt,
      })),
      props: { title: s.title, body: s.body, origin: s.origin, status: s.status, confidence: s.confidence, version: s.version },
    })),
  );
  await inBatches(
    graph,
    `UNWIND $rows AS r MATCH (i:Insight {id: r.id}), (old:Insight {id: r.old}) MERGE (i)-[:SUPERSEDES]->(old)`,
    data.insights.filter((s) => s.supersedesKey).map((s) => ({ id: id('insight', s.key), old: id('insight', s.supersedesKey!) })),
  );
  // The customers' stored health and last contact (src/modules/analytics/health-snapshot.ts), as every write keeps them.
  const customerIds = data.customers.map((c) => id('customer', c.key));
  for (let k = 0; k < customerIds.length; k += HEALTH_REFRESH_BATCH) {
    const ids = customerIds.slice(k, k + HEALTH_REFRESH_BATCH);
    await graph.writeTx((tx) => refreshHealthSnapshots(tx, { customerIds: ids }), 'seed');
  }

  return {
    segments: data.segments.length,
    employees: data.employees.length,
    customers: data.customers.length,
    needs: data.needs.length,
    interactions: data.interactions.length,
    insights: data.insights.length,
    annotations: data.insights.reduce((n, s) => n + s.annotations.length, 0),
    topics: topicNames.size,
  };
}
