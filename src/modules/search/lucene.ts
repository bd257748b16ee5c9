/**
 * Turning what a person typed into a safe Lucene query for Neo4j's full-text indexes. Every
 * character Lucene gives a meaning to is escaped, and the operator words (AND, OR, NOT, TO) are
 * lowered, so input can never change the query's structure: it is always "all these words",
 * the last one also as a prefix (search as you type).
 */

/** Characters with a meaning in Lucene's classic query syntax. */
const SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;
const OPERATORS = new Set(['AND', 'OR', 'NOT', 'TO']);

/** The words of a search text, as Lucene terms: special characters split words, operators are lowered. */
export function searchTerms(text: string): string[] {
  return text
    .split(/\s+/)
    .map((w) => w.replace(SPECIAL, ' ').trim())
    .flatMap((w) => w.split(/\s+/))
    .filter((w) => w.length > 0)
    .map((w) => (OPERATORS.has(w) ? w.toLowerCase() : w));
}

/**
 * The Lucene query for a search text: every word must match; the last also matches as a
 * prefix. With `fields` (property names from a fixed list in code), words match in those
 * properties only. Null when the text has no searchable word (only punctuation, say).
 *
 * Special characters are not escaped but replaced by spaces: the standard analyzer splits
 * words on them anyway, and an escaped character inside a prefix term would make it match nothing.
 */
export function luceneQuery(text: string, fields?: readonly string[]): string | null {
  const terms = searchTerms(text);
  if (!terms.length) return null;
  const last = terms[terms.length - 1];
  const inFields = (term: string) => (fields?.length ? `(${fields.map((f) => `${f}:${term}`).join(' OR ')})` : term);
  const parts = terms.slice(0, -1).map((t) => `+${inFields(t)}`);
  parts.push(`+(${inFields(last)} OR ${inFields(`${last}*`)})`);
  return parts.join(' ');
}

/** Words to look for when cutting a snippet, lower case. */
export function snippetWords(text: string): string[] {
  return searchTerms(text).map((t) => t.toLowerCase());
}

/**
 * A short passage of `source` around the first word of `words` it contains (case-insensitive),
 * with an ellipsis where text was cut; the start of the text when no word occurs.
 */
export function snippet(source: string, words: string[], width = 160): string {
  // Positions in `source` itself: lower-casing can change a text's length (İ becomes two characters).
  let at = -1;
  for (const w of words) {
    const i = source.search(new RegExp(w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'iu'));
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  if (source.length <= width) return clean(source);
  const start = at < 0 ? 0 : Math.max(0, at - Math.floor(width / 3));
  const end = Math.min(source.length, start + width);
  return `${start > 0 ? '…' : ''}${clean(source.slice(start, end))}${end < source.length ? '…' : ''}`;
}
