import { Fragment, type ReactNode } from 'react';

/**
 * Marking the words of a search in what it found, as the API's full-text search matched them
 * (src/modules/search/lucene.ts over Neo4j's default analyzer, `standard-no-stop-words`): the text
 * is cut into words (letters, marks and digits, with `'` or `.` inside a word kept, as Lucene's
 * standard tokenizer does), compared without regard to case (its lower-case filter) but with
 * regard to accents (it folds none: "muller" does not find "Müller", so it is not marked either);
 * every word of the search matches a whole word, the last one also the start of a word (search as
 * you type). Always split text, never HTML: React escapes every part.
 */

/** Characters the API takes as word breaks in a search text (Lucene's syntax characters). */
const SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/** The words of a search text, lower case, as the API reads them. */
export function searchWords(text: string): string[] {
  return text
    .replace(SPECIAL, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/** A word of a text, as the standard tokenizer cuts it (near enough). */
const WORD = /[\p{L}\p{M}\p{N}_]+(?:['’.][\p{L}\p{M}\p{N}_]+)*/gu;

/** The text cut into parts, each marked when it is a word the search matched. */
export function highlightParts(text: string, words: string[]): { text: string; mark: boolean }[] {
  if (!words.length) return [{ text, mark: false }];
  const whole = new Set(words.slice(0, -1));
  const prefix = words[words.length - 1];
  const parts: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const m of text.matchAll(WORD)) {
    const word = m[0].toLowerCase();
    if (!(whole.has(word) || word === prefix || word.startsWith(prefix))) continue;
    if (m.index! > at) parts.push({ text: text.slice(at, m.index), mark: false });
    parts.push({ text: m[0], mark: true });
    at = m.index! + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return parts;
}

/** `text` with the matched words in `<mark>`. */
export function Highlighted({ text, words }: { text: string; words: string[] }): ReactNode {
  return <>{highlightParts(text, words).map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <Fragment key={i}>{p.text}</Fragment>))}</>;
}
