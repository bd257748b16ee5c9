// Range indexes for the filters and orderings the API offers.
CREATE INDEX interaction_occurred_at IF NOT EXISTS FOR (n:Interaction) ON (n.occurredAt);
CREATE INDEX interaction_channel IF NOT EXISTS FOR (n:Interaction) ON (n.channel);
CREATE INDEX customer_lifecycle_stage IF NOT EXISTS FOR (n:Customer) ON (n.lifecycleStage);
CREATE INDEX customer_relationship_type IF NOT EXISTS FOR (n:Customer) ON (n.relationshipType);
CREATE INDEX customer_name_lower IF NOT EXISTS FOR (n:Customer) ON (n.nameLower);
CREATE INDEX customer_revenue IF NOT EXISTS FOR (n:Customer) ON (n.revenue);
CREATE INDEX need_status IF NOT EXISTS FOR (n:Need) ON (n.status);
CREATE INDEX insight_status IF NOT EXISTS FOR (n:Insight) ON (n.status);
CREATE INDEX insight_created_at IF NOT EXISTS FOR (n:Insight) ON (n.createdAt);
CREATE INDEX employee_name_lower IF NOT EXISTS FOR (n:Employee) ON (n.nameLower);
