import DataLoader from 'dataloader';
import type { Graph } from '../db/graph';
import { ReadBatcher, type Reader } from '../db/read-batcher';
import { byIdLoader, listLoader, relatedLoader } from '../common/loaders';
import type { AnalyticsService } from './analytics/analytics.service';
import { analyticsLoaders } from './analytics/analytics.loaders';
import { annotationList, annotationRelations } from './annotation/annotation.repository';
import { auditList } from './audit/audit.repository';
import type { AuditEntry } from './audit/audit.type';
import type { Annotation } from './annotation/annotation.type';
import { customerList, customerRelations } from './customer/customer.repository';
import type { Customer } from './customer/customer.type';
import { employeeList } from './employee/employee.repository';
import type { Employee } from './employee/employee.type';
import { historyLoader } from './insight/insight.history';
import { recordChangeList } from './history/history.repository';
import type { RecordChange } from './history/history.type';
import { insightList, insightRelations, reviserIds } from './insight/insight.repository';
import type { Insight } from './insight/insight.type';
import { interactionList, interactionRelations } from './interaction/interaction.repository';
import type { Interaction } from './interaction/interaction.type';
import { needList } from './need/need.repository';
import type { Need } from './need/need.type';
import { segmentList } from './segment/segment.repository';
import type { Segment } from './segment/segment.type';
import { topicList, topicsOf } from './topic/topic.repository';
import type { Topic } from './topic/topic.type';

/**
 * Every DataLoader of one request, grouped by module. Built fresh for each request (and each
 * subscription event), so batching spans one request and nothing is cached across callers.
 */
export function createLoaders(db: Graph, analytics?: Pick<AnalyticsService, 'medians'>) {
  // The loaders' reads of one moment go to Neo4j as one statement (see ReadBatcher).
  const graph = new ReadBatcher(db);
  return {
    /** The request's batched reader, for look-ahead statements (see graphql/lookahead/). */
    reader: graph as Reader,
    customer: {
      byId: byIdLoader<Customer>(graph, 'Customer'),
      list: listLoader<Customer, keyof typeof customerList.filters, keyof typeof customerList.order>(graph, customerList),
      owners: relatedLoader<Employee>(graph, customerRelations.owners),
      segment: relatedLoader<Segment>(graph, customerRelations.segment),
      organization: relatedLoader<Customer>(graph, customerRelations.organization),
      referredBy: relatedLoader<Customer>(graph, customerRelations.referredBy),
      heldNeeds: relatedLoader<Need & { __rel: { intensity?: number; since?: Date } }>(graph, customerRelations.heldNeeds),
    },
    employee: {
      byId: byIdLoader<Employee>(graph, 'Employee'),
      list: listLoader<Employee, keyof typeof employeeList.filters, keyof typeof employeeList.order>(graph, employeeList),
    },
    /** Histories of corrections (modules/history). */
    history: {
      byId: byIdLoader<RecordChange>(graph, 'RecordChange'),
      list: listLoader<RecordChange, keyof typeof recordChangeList.filters, keyof typeof recordChangeList.order>(graph, recordChangeList),
    },
    interaction: {
      byId: byIdLoader<Interaction>(graph, 'Interaction'),
      list: listLoader<Interaction, keyof typeof interactionList.filters, keyof typeof interactionList.order>(graph, interactionList),
      customer: relatedLoader<Customer>(graph, interactionRelations.customer),
      handler: relatedLoader<Employee>(graph, interactionRelations.handler),
      needs: relatedLoader<Need>(graph, interactionRelations.needs),
      topics: relatedLoader<Topic>(graph, topicsOf('Interaction')),
    },
    need: {
      byId: byIdLoader<Need>(graph, 'Need'),
      list: listLoader<Need, keyof typeof needList.filters, keyof typeof needList.order>(graph, needList),
      topics: relatedLoader<Topic>(graph, topicsOf('Need')),
    },
    insight: {
      byId: byIdLoader<Insight>(graph, 'Insight'),
      list: listLoader<Insight, keyof typeof insightList.filters, keyof typeof insightList.order>(graph, insightList),
      author: relatedLoader<Employee>(graph, insightRelations.author),
      subjects: relatedLoader<Customer | Need | Segment>(graph, insightRelations.subjects),
      evidence: relatedLoader<Interaction>(graph, insightRelations.evidence),
      supersedes: relatedLoader<Insight>(graph, insightRelations.supersedes),
      supersededBy: relatedLoader<Insight>(graph, insightRelations.supersededBy),
      topics: relatedLoader<Topic>(graph, topicsOf('Insight')),
      history: historyLoader(graph),
      /** The ids of the people who revised each insight (see `reviserIds`). */
      revisers: new DataLoader<string, string[]>((ids) => reviserIds(graph, ids)),
    },
    annotation: {
      byId: byIdLoader<Annotation>(graph, 'Annotation'),
      list: listLoader<Annotation, keyof typeof annotationList.filters, keyof typeof annotationList.order>(graph, annotationList),
      author: relatedLoader<Employee>(graph, annotationRelations.author),
      insight: relatedLoader<Insight>(graph, annotationRelations.insight),
    },
    topic: {
      byId: byIdLoader<Topic>(graph, 'Topic'),
      list: listLoader<Topic, keyof typeof topicList.filters, keyof typeof topicList.order>(graph, topicList),
    },
    audit: {
      list: listLoader<AuditEntry, keyof typeof auditList.filters, keyof typeof auditList.order>(graph, auditList),
    },
    analytics: analyticsLoaders(graph, analytics && ((reader) => analytics.medians(reader))),
    segment: {
      byId: byIdLoader<Segment>(graph, 'Segment'),
      list: listLoader<Segment, keyof typeof segmentList.filters, keyof typeof segmentList.order>(graph, segmentList),
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
