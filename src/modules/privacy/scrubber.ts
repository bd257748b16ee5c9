/**
 * Finding an erased customer's name, email or phone in free text, exactly: whole words only, and
 * without regard to case in every script.
 *
 * Two things went wrong with `toLowerCase().includes()` and a case-insensitive regular expression:
 * - a name inside another word matched ("Ann" in "planning", "cannot", "Susanne"), so erasure
 *   rewrote records about other people;
 * - a name whose case mapping changes its length ("İpek": `İ` lower-cases to `i` + U+0307) was never
 *   found by the regular expression, so it was never scrubbed.
 *
 * Here both the text and the values are folded one code point at a time (upper case, then lower
 * case, then canonical decomposition: `ß` and `SS` fold alike, `ı` and `I`, `İ` and `i̇`, a
 * precomposed `é` and `e` + U+0301), remembering where each folded unit came from in the original,
 * so a match found in the folded text maps back to the exact characters to replace. A match counts
 * only where it starts and ends on a word boundary: the character before it and the one after it
 * are not letters, digits or combining marks (Unicode classes L, N, M), wherever the value itself
 * starts or ends with such a character.
 */

/** What replaces every occurrence of an erased customer's name, email or phone. */
export const ERASED_MARK = '[erased]';
/** Shorter values are not searched for: they would match far too much that is not about the customer. */
export const MIN_NEEDLE_LENGTH = 3;

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** The case-free form of one code point (see the module comment). */
function foldCodePoint(cp: string): string {
  return cp.toUpperCase().toLowerCase().normalize('NFD');
}

/** Folds a text; `origin[j]` is the index in `text` of the code point that gave folded unit j. */
function foldWithOrigins(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = String.fromCodePoint(text.codePointAt(i)!);
    const f = foldCodePoint(cp);
    folded += f;
    for (let k = 0; k < f.length; k++) origin.push(i);
    i += cp.length;
  }
  return { folded, origin };
}

/** The case-free form of a text (see the module comment). */
export function fold(text: string): string {
  return foldWithOrigins(text).folded;
}

/** The code point of `text` that ends just before index `end`, or '' at the start. */
function codePointBefore(text: string, end: number): string {
  if (end <= 0) return '';
  const low = text.charCodeAt(end - 1);
  if (end >= 2 && low >= 0xdc00 && low <= 0xdfff) {
    const high = text.charCodeAt(end - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(end - 2, end);
  }
  return text.slice(end - 1, end);
}

function codePointAt(text: string, start: number): string {
  return start < text.length ? String.fromCodePoint(text.codePointAt(start)!) : '';
}

/** A range of the original text, [start, end). */
export interface Span {
  start: number;
  end: number;
}

interface Needle {
  folded: string;
  wordStart: boolean;
  wordEnd: boolean;
}

/** Finds and blanks out the personal values of one customer in any text. */
export class Scrubber {
  /**
   * The values searched for, as given (trimmed), longest first: what the graph is searched for
   * before each candidate text is matched here exactly. Empty when there is nothing to look for.
   */
  readonly values: string[];
  private readonly needles: Needle[];

  /** Null, blank and values under {@link MIN_NEEDLE_LENGTH} characters are ignored. */
  constructor(values: (string | null | undefined)[]) {
    const kept = new Map<string, string>();
    for (const v of values) {
      const trimmed = (v ?? '').trim();
      const key = fold(trimmed);
      if ([...trimmed].length >= MIN_NEEDLE_LENGTH && !kept.has(key)) kept.set(key, trimmed);
    }
    this.values = [...kept.values()].sort((a, b) => b.length - a.length);
    this.needles = [...kept.keys()].map((folded) => {
      const first = codePointAt(folded, 0);
      const last = codePointBefore(folded, folded.length);
      return { folded, wordStart: WORD_CHAR.test(first), wordEnd: WORD_CHAR.test(last) };
    });
  }

  /**
   * The strings to look for in the graph, as a superset filter (`toLower(text) CONTAINS toLower(x)
   * OR toUpper(text) CONTAINS toUpper(x)` for any x): each value, and its decomposed form when that
   * differs (a text stored decomposed still passes the filter). The exact decision is {@link spans}.
   */
  get searchTerms(): string[] {
    return [...new Set(this.values.flatMap((v) => [v, v.normalize('NFD'), v.normalize('NFC')]))];
  }

  /** Where the text holds one of the values as whole words, without overlaps, in order. */
  spans(text: string): Span[] {
    if (!text || this.needles.length === 0) return [];
    const { folded, origin } = foldWithOrigins(text);
    const found: Span[] = [];
    for (const n of this.needles) {
      for (let j = folded.indexOf(n.folded); j >= 0; j = folded.indexOf(n.folded, j + 1)) {
        const end = j + n.folded.length;
        // The match must start and end where a code point's folded form starts and ends.
        if (j > 0 && origin[j - 1] === origin[j]) continue;
        if (end < folded.length && origin[end - 1] === origin[end]) continue;
        const start = origin[j];
        const stop = end < folded.length ? origin[end] : text.length;
        if (n.wordStart && WORD_CHAR.test(codePointBefore(text, start))) continue;
        if (n.wordEnd && WORD_CHAR.test(codePointAt(text, stop))) continue;
        found.push({ start, end: stop });
      }
    }
    // The earliest first and, of two starting together, the longest; a span inside or across one kept is dropped.
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const kept: Span[] = [];
    for (const s of found) if (!kept.length || s.start >= kept[kept.length - 1].end) kept.push(s);
    return kept;
  }

  /** Whether the text holds one of the values as whole words. */
  names(text: string | null | undefined): boolean {
    return !!text && this.spans(text).length > 0;
  }

  /** The text with every occurrence of the values replaced by {@link ERASED_MARK}. */
  scrub(text: string): string {
    const spans = this.spans(text);
    if (!spans.length) return text;
    let out = '';
    let at = 0;
    for (const s of spans) {
      out += text.slice(at, s.start) + ERASED_MARK;
      at = s.end;
    }
    return out + text.slice(at);
  }
}

/** A scrubber for these values (see {@link Scrubber}). */
export function scrubberFor(values: (string | null | undefined)[]): Scrubber {
  return new Scrubber(values);
}
