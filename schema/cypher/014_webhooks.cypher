// Webhooks (issue 24): endpoints an ADMIN registers to be sent the live events, delivered from the
// event log. `(:Webhook)` per endpoint (listed newest first; the dispatcher finds the ACTIVE ones),
// its secret on a `(:WebhookSecret)` of its own, and a `(:WebhookDelivery)` per event sent or skipped,
// listed per webhook newest first (`seq`), the open one found by status, old ones pruned by `createdAt`.
CREATE CONSTRAINT webhook_id IF NOT EXISTS FOR (n:Webhook) REQUIRE n.id IS UNIQUE;
CREATE INDEX webhook_created_at IF NOT EXISTS FOR (n:Webhook) ON (n.createdAt);
CREATE INDEX webhook_status IF NOT EXISTS FOR (n:Webhook) ON (n.status);
CREATE CONSTRAINT webhook_secret_webhook IF NOT EXISTS FOR (n:WebhookSecret) REQUIRE n.webhookId IS UNIQUE;
CREATE CONSTRAINT webhook_delivery_id IF NOT EXISTS FOR (n:WebhookDelivery) REQUIRE n.id IS UNIQUE;
CREATE INDEX webhook_delivery_seq IF NOT EXISTS FOR (n:WebhookDelivery) ON (n.webhookId, n.seq);
CREATE INDEX webhook_delivery_status IF NOT EXISTS FOR (n:WebhookDelivery) ON (n.webhookId, n.status);
CREATE INDEX webhook_delivery_created_at IF NOT EXISTS FOR (n:WebhookDelivery) ON (n.createdAt);
