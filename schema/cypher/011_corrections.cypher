// Correcting knowledge (issue 22): the history of edits, deletions, restores and merges, deleted
// records waiting for their purge, and the traces merged records leave behind.
CREATE CONSTRAINT record_change_id IF NOT EXISTS FOR (n:RecordChange) REQUIRE n.id IS UNIQUE;
CREATE INDEX record_change_record IF NOT EXISTS FOR (n:RecordChange) ON (n.recordId, n.at);
CREATE INDEX deleted_id IF NOT EXISTS FOR (n:Deleted) ON (n.id);
CREATE INDEX deleted_deletion IF NOT EXISTS FOR (n:Deleted) ON (n.deletionId);
CREATE INDEX deleted_at IF NOT EXISTS FOR (n:Deleted) ON (n.deletedAt);
CREATE INDEX deleted_external_id IF NOT EXISTS FOR (n:Deleted) ON (n.externalId);
CREATE CONSTRAINT merged_customer_id IF NOT EXISTS FOR (n:MergedCustomer) REQUIRE n.id IS UNIQUE;
CREATE INDEX merged_customer_external_id IF NOT EXISTS FOR (n:MergedCustomer) ON (n.externalId);
CREATE CONSTRAINT merged_need_id IF NOT EXISTS FOR (n:MergedNeed) REQUIRE n.id IS UNIQUE;
CREATE INDEX merged_need_external_id IF NOT EXISTS FOR (n:MergedNeed) ON (n.externalId);
CREATE CONSTRAINT dismissed_duplicate_key IF NOT EXISTS FOR (n:DismissedDuplicate) REQUIRE n.key IS UNIQUE;
