// A composite index for the most common interactions filter: channels, touchpoints and a time
// window together (a dashboard's "phone support calls this quarter"). With only single-property
// indexes, counting the matches read every interaction in the time window and then its channel
// and touchpoint (1.1 million interactions for a year of the 100k data set); with this index the
// count reads one index entry per match and no property. Interactions always have all three.
CREATE INDEX interaction_channel_touchpoint_time IF NOT EXISTS FOR (n:Interaction) ON (n.channel, n.touchpoint, n.occurredAt);
