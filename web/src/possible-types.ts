/**
 * The members of the schema's unions, which Apollo's cache needs to match fragments on them
 * (`... on Need` inside `Insight.subjects`). test/unit/workbench-unions.test.ts fails when this drifts
 * from schema/schema.graphql.
 */
export const POSSIBLE_TYPES: Record<string, string[]> = {
  InsightSubject: ['Customer', 'Need', 'Segment'],
  SearchResult: ['Customer', 'Insight', 'Interaction', 'Need'],
  TaggedItem: ['Insight', 'Interaction', 'Need'],
};
