// Issue 25, item 7: the health snapshot on every customer (src/modules/analytics/health-snapshot.ts),
// to sort and filter customers by health and last contact, and to find the customers at risk
// without computing the health of all of them. Range indexes on each property: a sort reads the
// index in order and stops at the page's end; a filter seeks it; `atRiskCustomers` seeks the
// scores below its threshold and the oldest `healthAsOf`.
CREATE INDEX customer_health_score IF NOT EXISTS FOR (n:Customer) ON (n.healthScore);
CREATE INDEX customer_health_status IF NOT EXISTS FOR (n:Customer) ON (n.healthStatus);
CREATE INDEX customer_last_contact_at IF NOT EXISTS FOR (n:Customer) ON (n.lastContactAt);
CREATE INDEX customer_health_as_of IF NOT EXISTS FOR (n:Customer) ON (n.healthAsOf);

// The one-off backfill, as of this transaction's time. It is the computation of `healthScore` in
// src/modules/analytics/scores.ts and the facts of `healthFacts` (analytics.repository.ts), written
// in Cypher in the same order of operations (so the same doubles and the same rounding);
// test/integration/health-snapshot.test.ts checks it against them. The server's periodic refresh
// (HEALTH_REFRESH_SECONDS) recomputes every snapshot in TypeScript afterwards anyway.
// Erased customers keep none; customers without analytics consent get a last contact but no health.
MATCH (c:Customer)
WITH c, datetime.transaction() AS asOf
WITH c, asOf, asOf - duration({days: 90}) AS recentFrom
WITH c, asOf, recentFrom, recentFrom - duration({days: 365}) AS baselineFrom
CALL (c) {
  OPTIONAL MATCH (c)<-[:WITH_CUSTOMER]-(i:Interaction)
  RETURN max(i.occurredAt) AS lastContactAt
}
CALL (c, asOf, recentFrom, baselineFrom) {
  OPTIONAL MATCH (c)<-[:WITH_CUSTOMER]-(i:Interaction) WHERE i.occurredAt < asOf
  RETURN max(i.occurredAt) AS last,
         avg(CASE WHEN i.occurredAt >= recentFrom THEN i.sentiment END) AS rs,
         avg(CASE WHEN i.occurredAt >= baselineFrom AND i.occurredAt < recentFrom THEN i.sentiment END) AS bs,
         count(CASE WHEN i.occurredAt >= recentFrom AND i.sentiment <= -0.3 THEN 1 END) AS negatives
}
CALL (c) {
  OPTIONAL MATCH (c)-[:HAS_NEED]->(n:Need) WHERE n.status IN ['OPEN', 'IN_PROGRESS']
  RETURN count(n) AS openNeeds
}
WITH c, asOf, lastContactAt, rs, bs, negatives, openNeeds,
     CASE WHEN last IS NULL THEN null ELSE (asOf.epochMillis - last.epochMillis) / 86400000 END AS days,
     CASE WHEN rs IS NULL OR bs IS NULL THEN null ELSE rs - bs END AS trend
WITH c, asOf, lastContactAt,
     CASE WHEN rs IS NULL THEN 0.5 ELSE (rs + 1) / 2 END AS s1,
     CASE WHEN trend IS NULL THEN 0.5 WHEN 0.5 + trend < 0 THEN 0.0 WHEN 0.5 + trend > 1 THEN 1.0 ELSE 0.5 + trend END AS s2,
     CASE WHEN days IS NULL THEN 0 WHEN 1 - days / 180.0 < 0 THEN 0.0 WHEN 1 - days / 180.0 > 1 THEN 1.0 ELSE 1 - days / 180.0 END AS s3,
     CASE WHEN 1 - openNeeds / 5.0 < 0 THEN 0.0 ELSE 1 - openNeeds / 5.0 END AS s4,
     CASE WHEN 1 - negatives / 3.0 < 0 THEN 0.0 ELSE 1 - negatives / 3.0 END AS s5
WITH c, asOf, lastContactAt,
     toInteger(round(0 + 100 * 0.3 * s1 + 100 * 0.15 * s2 + 100 * 0.25 * s3 + 100 * 0.1 * s4 + 100 * 0.2 * s5)) AS score,
     coalesce(c.erased, false) AS erased, coalesce(c.consentAnalytics, false) AND NOT coalesce(c.erased, false) AS scored
SET c.lastContactAt = CASE WHEN erased THEN null ELSE lastContactAt END,
    c.healthScore = CASE WHEN scored THEN score END,
    c.healthStatus = CASE WHEN NOT scored THEN null WHEN score < 50 THEN 'AT_RISK' WHEN score < 70 THEN 'WATCH' ELSE 'HEALTHY' END,
    c.healthAsOf = CASE WHEN scored THEN asOf END;
