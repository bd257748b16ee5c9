// Insights proposed by the miners of `npm run learn` / runLearning carry the key of what they are
// about (e.g. "emerging-need:<need id>"): a re-run finds and updates its earlier proposal.
CREATE CONSTRAINT insight_learned_key IF NOT EXISTS FOR (n:Insight) REQUIRE n.learnedKey IS UNIQUE;
