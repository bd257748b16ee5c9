/**
 * The rules about insights that both the API (insight.service.ts) and the bulk importer
 * (insight.import.ts, which reports them per line, in lower case and without a full stop) enforce:
 * one home for each rule and its message (the API says it as a sentence).
 */

/** An insight is about something: at least one customer, need or segment. */
export const ABOUT_SOMETHING = 'an insight must be about at least one customer, need or segment';

/** Whether an insight about these customers, needs and segments is about nothing (then {@link ABOUT_SOMETHING}). */
export const aboutNothing = (customers: readonly unknown[], needs: readonly unknown[], segments: readonly unknown[]) =>
  customers.length + needs.length + segments.length === 0;
