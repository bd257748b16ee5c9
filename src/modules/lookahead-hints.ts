import { page, related, type LookaheadHints } from '../graphql/lookahead';
import { ANNOTATION_DEFAULT_ORDER } from './annotation/annotation.args';
import { annotationList, annotationRelations } from './annotation/annotation.repository';
import { customerRelations } from './customer/customer.repository';
import { INSIGHT_DEFAULT_ORDER } from './insight/insight.args';
import { insightList, insightRelations } from './insight/insight.repository';
import { INTERACTION_DEFAULT_ORDER } from './interaction/interaction.args';
import { interactionList, interactionRelations } from './interaction/interaction.repository';
import { NEED_DEFAULT_ORDER } from './need/need.args';
import { needList } from './need/need.repository';
import type { ListSpec } from '../db/list-query';

/**
 * What the look-ahead planner (graphql/lookahead/) may fetch ahead, and what each field reads:
 * the modules' hints, given to the planner when the schema is built (server/schema.ts).
 */

type AnyListSpec = ListSpec<string, string>;

/** The fields looked ahead, by GraphQL type; each reads exactly what its resolver's loader reads. */
const NESTED: LookaheadHints['nested'] = {
  Customer: {
    owners: related(customerRelations.owners),
    segment: related(customerRelations.segment),
    organization: related(customerRelations.organization),
    referredBy: related(customerRelations.referredBy),
    // The resolver reads the relationship's intensity and since, and sorts by the need's title.
    heldNeeds: related(customerRelations.heldNeeds, {
      nodeField: 'need',
      relProperties: ['intensity'],
      relDatetimes: ['since'],
      sortedBy: 'titleLower',
    }),
    interactions: page(interactionList as AnyListSpec, 'customerId', INTERACTION_DEFAULT_ORDER),
    insights: page(insightList as AnyListSpec, 'aboutCustomerId', INSIGHT_DEFAULT_ORDER),
    needs: page(needList as AnyListSpec, 'customerId', NEED_DEFAULT_ORDER),
  },
  Interaction: {
    customer: related(interactionRelations.customer),
    handler: related(interactionRelations.handler),
    needs: related(interactionRelations.needs),
  },
  Insight: {
    author: related(insightRelations.author),
    annotations: page(annotationList as AnyListSpec, 'insightId', ANNOTATION_DEFAULT_ORDER),
  },
  Annotation: {
    author: related(annotationRelations.author),
  },
};

/** Fields that read their own property of the same name. */
const own = (...properties: string[]) => Object.fromEntries(properties.map((p) => [p, [p]]));
/** Fields that read nothing of the node but its id (relations, nested lists). */
const idOnly = (...fields: string[]) => Object.fromEntries(fields.map((f) => [f, []]));

/**
 * What each field of a node type reads from its node: its properties, by GraphQL field. `id` is
 * read unless the node is a related one whose selected fields read only their own properties (a
 * field listed as `[itself]` must read nothing else, its id included); in a page, the property it
 * is sorted by is read too (for cursors). A selected field not listed here (or a type not listed)
 * makes the node read all its properties.
 */
const READS: LookaheadHints['reads'] = {
  Customer: {
    fields: {
      ...own(
        'externalId',
        'name',
        'kind',
        'email',
        'phone',
        'lifecycleStage',
        'relationshipType',
        'revenue',
        'costToServe',
        'lifetimeValue',
        'createdAt',
        'updatedAt',
        'version',
      ),
      consent: ['consentContact', 'consentAnalytics'],
      profitability: ['revenue', 'costToServe'],
      health: ['consentAnalytics'],
      valueQuadrant: ['consentAnalytics', 'revenue', 'costToServe'],
      experienceGap: ['consentAnalytics'],
      // Analytics answer only with analytics consent; the rest of them is read by the customer's id.
      knownBy: ['consentAnalytics'],
      similarCustomers: ['consentAnalytics'],
      recommendedInsights: ['consentAnalytics'],
      ...idOnly('interactions', 'needs', 'heldNeeds', 'insights', 'contacts', 'owners', 'segment', 'organization', 'referredBy', 'history'),
      ...idOnly('mergedIds', 'mergedExternalIds'),
    },
  },
  Employee: {
    fields: {
      ...own('externalId', 'name', 'email', 'team', 'role', 'accessRoles', 'createdAt', 'updatedAt', 'tokensRevokedAt'),
      ...idOnly('accounts', 'interactions', 'insights'),
    },
  },
  Interaction: {
    fields: {
      ...own(
        'externalId',
        'channel',
        'touchpoint',
        'direction',
        'occurredAt',
        'summary',
        'content',
        'sentiment',
        'expectedQuality',
        'perceivedQuality',
        'createdAt',
        'version',
      ),
      qualityGap: ['expectedQuality', 'perceivedQuality'],
      ...idOnly('customer', 'handler', 'needs', 'topics', 'insights', 'history'),
    },
  },
  Insight: {
    fields: {
      ...own(
        'externalId',
        'title',
        'body',
        'origin',
        'status',
        'confidence',
        'version',
        'validUntil',
        'createdAt',
        'updatedAt',
        'learnedBy',
      ),
      ...idOnly('author', 'subjects', 'evidence', 'annotations', 'topics', 'supersedes', 'supersededBy', 'revisers'),
      // The current version heads the history, from the insight as it is.
      history: ['version', 'title', 'body', 'confidence', 'status', 'validUntil', 'createdAt', 'updatedAt'],
    },
  },
  Annotation: {
    fields: { ...own('kind', 'body', 'createdAt', 'version'), ...idOnly('author', 'insight', 'history') },
  },
  Segment: {
    fields: { ...own('externalId', 'name', 'description', 'createdAt', 'version'), ...idOnly('customers', 'insights', 'history') },
  },
  Need: {
    fields: {
      ...own('externalId', 'title', 'description', 'kind', 'priority', 'status', 'createdAt', 'updatedAt', 'version'),
      ...idOnly('customers', 'interactions', 'insights', 'topics', 'history', 'mergedIds'),
    },
  },
};

/** The look-ahead hints of every module. */
export const LOOKAHEAD_HINTS: LookaheadHints = { nested: NESTED, reads: READS };
