// Issue 27, items 1 and 2: the inbox ("For me") and mentions (src/modules/inbox). Notifications are
// found by id (marking them read, the live event) and listed per recipient, newest first.
CREATE CONSTRAINT notification_id IF NOT EXISTS FOR (n:Notification) REQUIRE n.id IS UNIQUE;
CREATE INDEX notification_created_at IF NOT EXISTS FOR (n:Notification) ON (n.createdAt);
