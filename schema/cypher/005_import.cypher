// Bulk import (`npm run import`): records are matched on the id they have in the system they come
// from, so re-running a file changes nothing. Interactions already have interaction_external_id.
CREATE CONSTRAINT customer_external_id IF NOT EXISTS FOR (n:Customer) REQUIRE n.externalId IS UNIQUE;
CREATE CONSTRAINT employee_external_id IF NOT EXISTS FOR (n:Employee) REQUIRE n.externalId IS UNIQUE;
CREATE CONSTRAINT need_external_id IF NOT EXISTS FOR (n:Need) REQUIRE n.externalId IS UNIQUE;
CREATE CONSTRAINT insight_external_id IF NOT EXISTS FOR (n:Insight) REQUIRE n.externalId IS UNIQUE;
CREATE CONSTRAINT segment_external_id IF NOT EXISTS FOR (n:Segment) REQUIRE n.externalId IS UNIQUE;
CREATE CONSTRAINT annotation_external_id IF NOT EXISTS FOR (n:Annotation) REQUIRE n.externalId IS UNIQUE;
// Where an interrupted import stopped: one node per file content, removed when the import ends.
CREATE CONSTRAINT import_checkpoint_source IF NOT EXISTS FOR (n:ImportCheckpoint) REQUIRE n.source IS UNIQUE;
