// Full-text indexes for search across the knowledge graph.
CREATE FULLTEXT INDEX customer_text IF NOT EXISTS FOR (n:Customer) ON EACH [n.name, n.email];
CREATE FULLTEXT INDEX interaction_text IF NOT EXISTS FOR (n:Interaction) ON EACH [n.summary, n.content];
CREATE FULLTEXT INDEX need_text IF NOT EXISTS FOR (n:Need) ON EACH [n.title, n.description];
CREATE FULLTEXT INDEX insight_text IF NOT EXISTS FOR (n:Insight) ON EACH [n.title, n.body];
