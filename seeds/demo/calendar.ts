/**
 * The demo's calendar: the window the interactions fall in, and one way to write a moment.
 * Every date-time in the demo data is an ISO-8601 string in UTC ('...Z'), to the minute.
 */

/** First day of recorded interactions. */
export const WINDOW_START = '2024-12-01T00:00:00Z';
/** "Today" in the story: the last day with recorded interactions. */
export const WINDOW_END = '2026-11-20T18:00:00Z';

const MOMENT = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}))?$/;

/**
 * Turns 'YYYY-MM-DD HH:MM' (or 'YYYY-MM-DD', read as 09:00) into 'YYYY-MM-DDTHH:MM:00Z'.
 * Throws on anything else, so a typo in hand-written data fails loudly at load time.
 */
export function at(moment: string): string {
  const m = MOMENT.exec(moment);
  if (!m) throw new Error(`demo data: bad moment '${moment}', expected 'YYYY-MM-DD HH:MM'`);
  const iso = `${m[1]}T${m[2] ?? '09:00'}:00Z`;
  if (Number.isNaN(Date.parse(iso))) throw new Error(`demo data: invalid date '${moment}'`);
  return iso;
}

/** Formats epoch milliseconds the way `at` does (UTC, to the minute). */
export function isoMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16) + ':00Z';
}
