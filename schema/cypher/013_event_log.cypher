// The event log (issue 24): every live event, written in the transaction of the change it reports,
// at a position that increases in commit order. `(:EventLog {id: 'events'})` holds the last
// position, the log's epoch (a new log, after the graph was emptied, has another) and how far
// retention has trimmed it; it is created by the first event, so an empty graph stays empty.
CREATE CONSTRAINT event_log_id IF NOT EXISTS FOR (n:EventLog) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT event_position IF NOT EXISTS FOR (n:Event) REQUIRE n.position IS UNIQUE;
CREATE INDEX event_at IF NOT EXISTS FOR (n:Event) ON (n.at);
// A resuming subscription reads one topic after a position.
CREATE INDEX event_topic_position IF NOT EXISTS FOR (n:Event) ON (n.topic, n.position);
