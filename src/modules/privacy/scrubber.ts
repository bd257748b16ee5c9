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
 * case, then canonical decomposition without the combining marks: `ß`, `ẞ` and `SS` fold alike, `ı`
 * and `I`, `İ` and `i`, `é` and `e` however written, Greek capitals without their accents), a run of
 * white space folds to one space and typographic apostrophes and hyphens to the plain ones,
 * remembering where each folded unit came from in the original, so a match found in the folded
 * text maps back to the exact characters to replace. A match counts only where it starts and ends
 * on a word boundary: the character before it and the one after it are not letters, digits or
 * combining marks (Unicode classes L, N, M), wherever the value itself starts or ends with such a
 * character; in scripts written without spaces (Han, Kana, Thai, ...) a name is found inside
 * running text. An email matches only as a whole address (not `ann@x.org` in `mary.ann@x.org`).
 * Nothing is found inside an `[erased]` already there.
 */

/** What replaces every occurrence of an erased customer's name, email or phone. */
export const ERASED_MARK = '[erased]';
/** Shorter values are not searched for: they would match far too much that is not about the customer. */
export const MIN_NEEDLE_LENGTH = 3;

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
/** Scripts written without spaces between words: a name there is found inside running text. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const MARK = /\p{M}/u;
const SPACE = /[\s\p{Z}]/u;
/** Characters people type in place of one another: typographic apostrophes and hyphens. */
const SAME_AS: Record<string, string> = {
  '\u2019': "'",
  '\u2018': "'",
  '\u02bc': "'",
  '\u2032': "'",
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  ß: 'ss',
};

/** The case-free form of one code point (see the module comment); '' for a combining mark. */
function foldCodePoint(cp: string): string {
  if (SAME_AS[cp]) return SAME_AS[cp];
  let out = '';
  for (const c of cp.toUpperCase().toLowerCase().normalize('NFD')) if (!MARK.test(c)) out += SAME_AS[c] ?? c;
  return out;
}

/**
 * Folds a text; folded unit j came from the code points of `text` in [start[j], end[j]). Combining
 * marks fold to nothing, and a run of white space to one space.
 */
function foldWithOrigins(text: string): { folded: string; start: number[]; end: number[] } {
  let folded = '';
  const start: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = String.fromCodePoint(text.codePointAt(i)!);
    const next = i + cp.length;
    if (SPACE.test(cp)) {
      if (folded.endsWith(' ')) end[end.length - 1] = next;
      else {
        folded += ' ';
        start.push(i);
        end.push(next);
      }
    } else {
      const f = foldCodePoint(cp);
      folded += f;
      for (let k = 0; k < f.length; k++) {
        start.push(i);
        end.push(next);
      }
    }
    i = next;
  }
  return { folded, start, end };
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
  /** Whether a match must start, and end, at a word boundary. */
  wordStart: boolean;
  wordEnd: boolean;
  /** An email: the characters of an address around it count as its word. */
  email: boolean;
}

/** Characters an email address is made of, before and after the part matched. */
const EMAIL_BEFORE = /[\p{L}\p{N}._%+-]/u;
const EMAIL_AFTER = /[\p{L}\p{N}_-]/u;
/** Where the text already says [erased]: no value is looked for inside a mark. */
const MARKS = /\[erased\]/giu;

/** Finds and blanks out the personal values of one customer in any text. */
export class Scrubber {
  /**
   * The values searched for, as given (trimmed), longest first: what the graph is searched for
   * before each candidate text is matched here exactly. Empty when there is nothing to look for.
   */
  readonly values: string[];
  private readonly needles: Needle[];

  /** Null, blank and values under {@link MIN_NEEDLE_LENGTH} characters (2 in scripts written without spaces) are ignored. */
  constructor(values: (string | null | undefined)[]) {
    const kept = new Map<string, string>();
    for (const v of values) {
      const trimmed = (v ?? '').trim();
      const key = fold(trimmed);
      const min = UNSPACED.test(trimmed) ? 2 : MIN_NEEDLE_LENGTH;
      if ([...key].length >= min && !kept.has(key)) kept.set(key, trimmed);
    }
    this.values = [...kept.values()].sort((a, b) => b.length - a.length);
    this.needles = [...kept.keys()].map((folded) => {
      const first = codePointAt(folded, 0);
      const last = codePointBefore(folded, folded.length);
      return {
        folded,
        wordStart: WORD_CHAR.test(first) && !UNSPACED.test(first),
        wordEnd: WORD_CHAR.test(last) && !UNSPACED.test(last),
        email: folded.includes('@'),
      };
    });
  }

  /**
   * What to look for in the graph, as a superset filter (`toLower(normalize(text, NFD)) CONTAINS
   * toLower(x) OR toUpper(...) CONTAINS toUpper(x)` for any x): the pieces of each value, decomposed,
   * between white space and combining marks, of at least 3 characters (2 in scripts written without
   * spaces; the whole value when no piece is that long). A text that holds a value holds each of its
   * pieces in some case, whatever its accents and spacing; {@link spans} decides exactly.
   */
  get searchTerms(): string[] {
    const terms = new Set<string>();
    for (const v of this.values) {
      const pieces = v
        .normalize('NFD')
        .split(/[\s\p{Z}\p{M}]+/u)
        .filter((p) => [...p].length >= (UNSPACED.test(p) ? 2 : MIN_NEEDLE_LENGTH));
      for (const p of pieces.length ? pieces : [v.normalize('NFD')]) terms.add(p);
    }
    return [...terms];
  }

  /** Where the text holds one of the values as whole words, without overlaps, in order. */
  spans(text: string): Span[] {
    if (!text || this.needles.length === 0) return [];
    const { folded, start: from, end: to } = foldWithOrigins(text);
    const marks = [...text.matchAll(MARKS)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
    const found: Span[] = [];
    for (const n of this.needles) {
      for (let j = folded.indexOf(n.folded); j >= 0; j = folded.indexOf(n.folded, j + 1)) {
        const end = j + n.folded.length;
        // The match must start and end where a code point's folded form starts and ends.
        if (j > 0 && from[j - 1] === from[j]) continue;
        if (end < folded.length && from[end - 1] === from[end]) continue;
        const start = from[j];
        const stop = to[end - 1];
        const before = codePointBefore(text, start);
        const after = codePointAt(text, stop);
        if (n.wordStart && WORD_CHAR.test(before)) continue;
        if (n.wordEnd && WORD_CHAR.test(after)) continue;
        if (
          n.email &&
          (EMAIL_BEFORE.test(before) || EMAIL_AFTER.test(after) || (after === '.' && WORD_CHAR.test(codePointAt(text, stop + 1))))
        )
          continue;
        if (marks.some((m) => start < m.end && stop > m.start)) continue;
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
