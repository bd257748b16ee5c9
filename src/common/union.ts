/**
 * Which object type a member of a union is (SearchResult, InsightSubject, TaggedItem): the label
 * its node was read with. Every read that can return nodes of several labels puts it in `__label`.
 */
export const typeOfNode = (value: unknown): string | undefined => (value as { __label?: string }).__label;
