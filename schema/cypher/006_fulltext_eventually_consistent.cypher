// The full-text indexes of 003, rebuilt as eventually consistent: Lucene is updated by a
// background thread after commit instead of inside it, which makes bulk writes (npm run import,
// recordInteractions) markedly faster. A search may miss a change for a moment after its commit;
// `CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()` waits until it is visible.
DROP INDEX customer_text IF EXISTS;
DROP INDEX interaction_text IF EXISTS;
DROP INDEX need_text IF EXISTS;
DROP INDEX insight_text IF EXISTS;
CREATE FULLTEXT INDEX customer_text IF NOT EXISTS FOR (n:Customer) ON EACH [n.name, n.email] OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}};
CREATE FULLTEXT INDEX interaction_text IF NOT EXISTS FOR (n:Interaction) ON EACH [n.summary, n.content] OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}};
CREATE FULLTEXT INDEX need_text IF NOT EXISTS FOR (n:Need) ON EACH [n.title, n.description] OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}};
CREATE FULLTEXT INDEX insight_text IF NOT EXISTS FOR (n:Insight) ON EACH [n.title, n.body] OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}};
