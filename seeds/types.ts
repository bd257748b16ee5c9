/**
 * The shape of a seed data set: plain data, referenced by stable keys (not ids). The loader
 * (`seeds/load.ts`) turns every key into a deterministic UUID, so loading the same set twice
 * changes nothing.
 *
 * Units and ranges are those of the GraphQL schema: money in EUR per year, sentiment -1..1,
 * quality 1..5, confidence and intensity 0..1, date-times as ISO-8601 strings with a zone.
 */

export type CustomerKind = 'PERSON' | 'ORGANIZATION';
export type LifecycleStage = 'PROSPECT' | 'ACTIVE' | 'AT_RISK' | 'CHURNED';
export type RelationshipType = 'TRANSACTIONAL' | 'COLLABORATIVE';
export type AccessRole = 'VIEWER' | 'ANALYST' | 'ADMIN';
export type EmployeeRole = 'ACCOUNT_MANAGER' | 'SUPPORT_AGENT' | 'ANALYST' | 'PRODUCT_MANAGER' | 'CUSTOMER_SUCCESS' | 'EXECUTIVE';
export type Channel = 'EMAIL' | 'PHONE' | 'CHAT' | 'MEETING' | 'VIDEO_CALL' | 'SOCIAL' | 'WEB' | 'SURVEY';
export type Touchpoint = 'SALES' | 'ONBOARDING' | 'SUPPORT' | 'BILLING' | 'PRODUCT' | 'RENEWAL' | 'EVENT' | 'FEEDBACK';
export type Direction = 'INBOUND' | 'OUTBOUND';
export type NeedKind = 'FUNCTIONAL' | 'EMOTIONAL' | 'SOCIAL';
export type Priority = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type NeedStatus = 'OPEN' | 'IN_PROGRESS' | 'MET' | 'DROPPED';
export type InsightOrigin = 'ABOUT_CUSTOMER' | 'FROM_CUSTOMER';
export type InsightStatus = 'DRAFT' | 'PROPOSED' | 'VALIDATED' | 'REFUTED' | 'ARCHIVED';
export type AnnotationKind = 'COMMENT' | 'ENDORSEMENT' | 'CHALLENGE';

export interface SeedSegment {
  key: string;
  name: string;
  description: string;
}

export interface SeedEmployee {
  key: string;
  name: string;
  email: string;
  team: string;
  role: EmployeeRole;
  /** Access roles written into this employee's tokens. */
  accessRoles: AccessRole[];
}

export interface SeedCustomer {
  key: string;
  name: string;
  kind: CustomerKind;
  email?: string;
  phone?: string;
  lifecycleStage: LifecycleStage;
  relationshipType: RelationshipType;
  /** Revenue from this customer, EUR per year. */
  revenue: number;
  /** What serving this customer costs, EUR per year. */
  costToServe: number;
  /** Expected lifetime value, EUR. */
  lifetimeValue: number;
  consentContact: boolean;
  consentAnalytics: boolean;
  segmentKey?: string;
  /** For a contact person: the organization (a customer of kind ORGANIZATION) they belong to. */
  organizationKey?: string;
  referredByKey?: string;
  ownerKeys: string[];
  createdAt: string;
}

export interface SeedNeedHolder {
  customerKey: string;
  since: string;
  /** How strongly the customer feels this need, 0..1. */
  intensity: number;
}

export interface SeedNeed {
  key: string;
  title: string;
  description: string;
  kind: NeedKind;
  priority: Priority;
  status: NeedStatus;
  customers: SeedNeedHolder[];
  topicNames: string[];
  createdAt: string;
}

export interface SeedInteraction {
  key: string;
  externalId: string;
  customerKey: string;
  handlerKey: string;
  channel: Channel;
  touchpoint: Touchpoint;
  direction: Direction;
  occurredAt: string;
  summary: string;
  content: string;
  /** -1 (very negative) .. 1 (very positive). */
  sentiment: number;
  /** 1..5 */
  expectedQuality: number;
  /** 1..5 */
  perceivedQuality: number;
  needKeys: string[];
  topicNames: string[];
}

export interface SeedAnnotation {
  authorKey: string;
  kind: AnnotationKind;
  body: string;
  createdAt: string;
}

export interface SeedInsight {
  key: string;
  title: string;
  body: string;
  origin: InsightOrigin;
  status: InsightStatus;
  confidence: number;
  version: number;
  validUntil?: string;
  authorKey: string;
  aboutCustomerKeys: string[];
  aboutNeedKeys: string[];
  aboutSegmentKeys: string[];
  evidenceKeys: string[];
  topicNames: string[];
  supersedesKey?: string;
  createdAt: string;
  updatedAt: string;
  annotations: SeedAnnotation[];
}

export interface SeedDataSet {
  segments: SeedSegment[];
  employees: SeedEmployee[];
  customers: SeedCustomer[];
  needs: SeedNeed[];
  interactions: SeedInteraction[];
  insights: SeedInsight[];
}
