import { randomUUID } from 'node:crypto';
import { loadSeed, seedId } from '../../seeds/load';
import type { SeedDataSet, SeedInsight } from '../../seeds/types';
import type { Graph } from '../../src/db/graph';

/**
 * A small world of its own for one test file: every key carries a fresh run prefix, so files
 * never see (or depend on) each other's data. Loaded through the same loader as the demo seeds.
 */
export interface World {
  prefix: string;
  id: (kind: string, key: string) => string;
  data: SeedDataSet;
}

export async function buildWorld(graph: Graph, customize?: (w: World) => void): Promise<World> {
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const k = (key: string) => `${prefix}-${key}`;
  const data: SeedDataSet = {
    segments: [{ key: k('seg'), name: `${prefix} Logistics`, description: 'Test segment' }],
    employees: [
      {
        key: k('alice'),
        name: `${prefix} Alice Author`,
        email: `${prefix}.alice@example.com`,
        team: 'Insights',
        role: 'ANALYST',
        accessRoles: ['ANALYST'],
      },
      {
        key: k('bob'),
        name: `${prefix} Bob Reviewer`,
        email: `${prefix}.bob@example.com`,
        team: 'Insights',
        role: 'ANALYST',
        accessRoles: ['ANALYST'],
      },
      {
        key: k('carol'),
        name: `${prefix} Carol Admin`,
        email: `${prefix}.carol@example.com`,
        team: 'Ops',
        role: 'EXECUTIVE',
        accessRoles: ['ADMIN', 'ANALYST'],
      },
      {
        key: k('vic'),
        name: `${prefix} Vic Viewer`,
        email: `${prefix}.vic@example.com`,
        team: 'Sales',
        role: 'ACCOUNT_MANAGER',
        accessRoles: ['VIEWER'],
      },
    ],
    customers: [
      {
        key: k('acme'),
        name: `${prefix} Acme Freight`,
        kind: 'ORGANIZATION',
        email: 'ops@acme.example',
        lifecycleStage: 'ACTIVE',
        relationshipType: 'COLLABORATIVE',
        revenue: 120000,
        costToServe: 30000,
        lifetimeValue: 600000,
        consentContact: true,
        consentAnalytics: true,
        segmentKey: k('seg'),
        ownerKeys: [k('alice')],
        createdAt: '2025-01-10T10:00:00Z',
      },
      {
        key: k('dana'),
        name: `${prefix} Dana Contact`,
        kind: 'PERSON',
        email: 'dana@acme.example',
        phone: '+49 30 1234567',
        lifecycleStage: 'ACTIVE',
        relationshipType: 'COLLABORATIVE',
        revenue: 0,
        costToServe: 500,
        lifetimeValue: 0,
        consentContact: true,
        consentAnalytics: true,
        organizationKey: k('acme'),
        ownerKeys: [],
        createdAt: '2025-02-01T10:00:00Z',
      },
      {
        key: k('bolt'),
        name: `${prefix} Bolt Couriers`,
        kind: 'ORGANIZATION',
        lifecycleStage: 'AT_RISK',
        relationshipType: 'TRANSACTIONAL',
        revenue: 8000,
        costToServe: 9500,
        lifetimeValue: 20000,
        consentContact: true,
        consentAnalytics: false,
        segmentKey: k('seg'),
        referredByKey: k('acme'),
        ownerKeys: [k('bob'), k('alice')],
        createdAt: '2025-03-01T10:00:00Z',
      },
    ],
    needs: [
      {
        key: k('offline'),
        title: 'Plan routes offline',
        description: 'Drivers lose signal in the hills.',
        kind: 'FUNCTIONAL',
        priority: 'HIGH',
        status: 'OPEN',
        customers: [{ customerKey: k('acme'), since: '2025-04-01T00:00:00Z', intensity: 0.8 }],
        topicNames: [`${prefix}-routing`],
        createdAt: '2025-04-01T00:00:00Z',
      },
    ],
    interactions: [
      {
        key: k('i1'),
        externalId: `${prefix}-crm-1`,
        customerKey: k('acme'),
        handlerKey: k('alice'),
        channel: 'PHONE',
        touchpoint: 'SUPPORT',
        direction: 'INBOUND',
        occurredAt: '2025-04-01T09:00:00Z',
        summary: 'Offline routing request',
        content: 'Drivers cannot plan without signal.',
        sentiment: -0.4,
        expectedQuality: 4,
        perceivedQuality: 2,
        needKeys: [k('offline')],
        topicNames: [`${prefix}-routing`],
      },
      {
        key: k('i2'),
        externalId: `${prefix}-crm-2`,
        customerKey: k('acme'),
        handlerKey: k('bob'),
        channel: 'EMAIL',
        touchpoint: 'BILLING',
        direction: 'OUTBOUND',
        occurredAt: '2025-05-01T09:00:00Z',
        summary: 'Invoice sent',
        content: 'Quarterly invoice.',
        sentiment: 0.1,
        expectedQuality: 3,
        perceivedQuality: 3,
        needKeys: [],
        topicNames: [],
      },
    ],
    insights: [
      {
        key: k('ins1'),
        title: `${prefix} Acme needs offline routing`,
        body: 'Three calls mention dead zones.',
        origin: 'FROM_CUSTOMER',
        status: 'PROPOSED',
        confidence: 0.7,
        version: 1,
        authorKey: k('alice'),
        aboutCustomerKeys: [k('acme')],
        aboutNeedKeys: [k('offline')],
        aboutSegmentKeys: [],
        evidenceKeys: [k('i1')],
        topicNames: [`${prefix}-routing`],
        createdAt: '2025-04-02T00:00:00Z',
        updatedAt: '2025-04-02T00:00:00Z',
        annotations: [{ authorKey: k('bob'), kind: 'ENDORSEMENT', body: 'Heard the same.', createdAt: '2025-04-03T00:00:00Z' }],
      },
    ],
  };
  const world: World = { prefix, id: (kind, key) => seedId(kind, k(key)), data };
  customize?.(world);
  await loadSeed(graph, data);
  return world;
}

/** A fixture insight of the world (PROPOSED, version 1, by alice, about acme, unless overridden). */
export function fixtureInsight(w: World, key: string, over: Partial<SeedInsight> = {}): SeedInsight {
  const k = (x: string) => `${w.prefix}-${x}`;
  return {
    key: k(key),
    title: `${w.prefix} fixture ${key}`,
    body: `Body of ${key}.`,
    origin: 'FROM_CUSTOMER',
    status: 'PROPOSED',
    confidence: 0.5,
    version: 1,
    authorKey: k('alice'),
    aboutCustomerKeys: [k('acme')],
    aboutNeedKeys: [],
    aboutSegmentKeys: [],
    evidenceKeys: [],
    topicNames: [],
    createdAt: '2025-06-01T00:00:00Z',
    updatedAt: '2025-06-01T00:00:00Z',
    annotations: [],
    ...over,
  };
}
