import type { Reader } from '../../db/read-batcher';
import { byIdLoader, listLoader } from '../../common/loaders';
import type { ModuleDefinition } from '../module';
import { deliveryList, webhookList } from './webhook.repository';
import { WebhookPausedEventResolver, WebhookResolver } from './webhook.resolver';
import { WebhookService } from './webhook.service';
import type { Webhook, WebhookDelivery } from './webhook.type';

/** Its DataLoaders, made for every request. */
const loaders = (reader: Reader) => ({
  byId: byIdLoader<Webhook>(reader, 'Webhook'),
  list: listLoader<Webhook, never, 'CREATED_AT'>(reader, webhookList),
  deliveryById: byIdLoader<WebhookDelivery>(reader, 'WebhookDelivery'),
  deliveries: listLoader<WebhookDelivery, 'webhookId' | 'statuses', 'SEQ'>(reader, deliveryList),
});

/** Webhooks: endpoints an ADMIN registers to be sent live events, delivered from the event log (delivery.ts). */
export const webhookModule: ModuleDefinition<'webhook', WebhookService, ReturnType<typeof loaders>> = {
  name: 'webhook',
  resolvers: [WebhookResolver, WebhookPausedEventResolver],
  service: ({ graph, events, config }) => new WebhookService(graph, events, { allowLoopback: config.webhooks.allowLoopback }),
  loaders,
};
