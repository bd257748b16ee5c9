import { analyticsModule } from './analytics/analytics.module';
import { annotationModule } from './annotation/annotation.module';
import { auditModule } from './audit/audit.module';
import { customerModule } from './customer/customer.module';
import { deletionModule } from './deletion/deletion.module';
import { employeeModule } from './employee/employee.module';
import { historyModule } from './history/history.module';
import { insightModule } from './insight/insight.module';
import { interactionModule } from './interaction/interaction.module';
import { learningModule } from './learning/learning.module';
import { mergeModule } from './merge/merge.module';
import { needModule } from './need/need.module';
import { privacyModule } from './privacy/privacy.module';
import { searchModule } from './search/search.module';
import { segmentModule } from './segment/segment.module';
import { liveModule } from './live/live.module';
import { topicModule } from './topic/topic.module';
import { webhookModule } from './webhook/webhook.module';
import { nodeModule } from './node/node.module';
import { inboxModule } from './inbox/inbox.module';
import { viewModule } from './view/view.module';

/**
 * Every module of the API, each declared once in its `<x>.module.ts` (see module.ts). The schema
 * (server/schema.ts), the services (services.ts) and a request's loaders (loaders.ts) are
 * assembled from this list: a new domain adds one line here.
 */
export const MODULES = [
  customerModule,
  employeeModule,
  interactionModule,
  needModule,
  insightModule,
  annotationModule,
  topicModule,
  segmentModule,
  privacyModule,
  auditModule,
  searchModule,
  learningModule,
  historyModule,
  deletionModule,
  mergeModule,
  analyticsModule,
  webhookModule,
  liveModule,
  nodeModule,
  inboxModule,
  viewModule,
] as const;

export type Module = (typeof MODULES)[number];
