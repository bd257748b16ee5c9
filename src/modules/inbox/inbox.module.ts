import DataLoader from 'dataloader';
import type { Reader } from '../../db/read-batcher';
import { byIdLoader, listLoader, relatedLoader } from '../../common/loaders';
import type { Annotation } from '../annotation/annotation.type';
import type { Employee } from '../employee/employee.type';
import type { Insight } from '../insight/insight.type';
import type { ModuleDefinition } from '../module';
import { follows, notificationList, notificationRelations } from './inbox.repository';
import { InboxResolver, InboxTextResolvers, NotificationResolver } from './inbox.resolver';
import { InboxService } from './inbox.service';
import type { Notification } from './inbox.type';

/** Its DataLoaders, made for every request. */
const loaders = (reader: Reader) => ({
  notificationById: byIdLoader<Notification>(reader, 'Notification'),
  notifications: listLoader<Notification, keyof typeof notificationList.filters, keyof typeof notificationList.order>(
    reader,
    notificationList,
  ),
  actor: relatedLoader<Employee>(reader, notificationRelations.actor),
  insight: relatedLoader<Insight>(reader, notificationRelations.insight),
  annotation: relatedLoader<Annotation>(reader, notificationRelations.annotation),
  insightMentions: relatedLoader<Employee>(reader, notificationRelations.insightMentions),
  annotationMentions: relatedLoader<Employee>(reader, notificationRelations.annotationMentions),
  /** Whether an employee follows an insight, keyed by both. */
  follows: new DataLoader<{ employeeId: string; insightId: string }, boolean, string>((pairs) => follows(reader, pairs), {
    cacheKeyFn: (p) => `${p.employeeId} ${p.insightId}`,
  }),
});

/**
 * The inbox ("For me"): what awaits the signed-in person's review, their drafts, what changed in the
 * insights they follow, challenges to theirs, and notifications of mentions, live.
 */
export const inboxModule: ModuleDefinition<'inbox', InboxService, ReturnType<typeof loaders>> = {
  name: 'inbox',
  resolvers: [InboxResolver, NotificationResolver, InboxTextResolvers.insight, InboxTextResolvers.annotation, InboxTextResolvers.event],
  service: ({ graph }) => new InboxService(graph),
  loaders,
};
