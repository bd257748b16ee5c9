/**
 * Possible duplicates: which customers are probably one customer recorded twice. Pure functions
 * over the few facts of every customer (id, kind, name, email, phone), read once; candidates are
 * found by blocking on normalised keys (a map per key), never by comparing every pair, so 10k
 * customers take milliseconds. A person decides: nothing here merges anything.
 *
 * The rules:
 * - SAME_EMAIL: the same address, trimmed and without regard to case.
 * - SAME_PHONE: the same digits (formatting ignored), at least 7 of them; a number written with
 *   its country code matches the same number written nationally (`+49 30 1234567` and
 *   `030 1234567`): the shorter, without its leading zeros, ends the longer.
 * - SIMILAR_NAME: the same name after normalisation (case and accents folded, punctuation dropped,
 *   words in any order, a leading "the" and trailing legal forms dropped: "ACME Corp." and
 *   "Acme Corporation" are both "acme"), or within a small edit distance for longer names (one
 *   typo, transposition included, from 8 characters; two from 16; never in a number: "Store 12" and
 *   "Store 13" are two stores). Names whose legal forms
 *   disagree ("Northwind GmbH", "Northwind AB": sister companies in two countries, as a rule) are
 *   not similar. A name shared by more than {@link MAX_NAME_BLOCK} customers is too common to
 *   tell anything, and pairs only by email or phone.
 * Only customers of the same kind pair; erased customers are not read at all.
 */

export enum DuplicateReason {
  SAME_EMAIL = 'SAME_EMAIL',
  SAME_PHONE = 'SAME_PHONE',
  SIMILAR_NAME = 'SIMILAR_NAME',
}

/** What duplicate detection reads of a customer. */
export interface DuplicateSubject {
  id: string;
  kind: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}

/** A pair of customers that are probably the same, with why and how sure. */
export interface DuplicatePair {
  /** The two ids, in id order. */
  ids: [string, string];
  /** `<id>|<id>`: the pair's identity (dismissals, cursors). */
  key: string;
  reasons: DuplicateReason[];
  /** 0 to 1: how likely the two are one customer. */
  score: number;
}

/** A name block larger than this is too common a name to pair customers by name alone. */
export const MAX_NAME_BLOCK = 50;

/** How much each kind of evidence says on its own; evidence combines as independent (1 − Π(1 − s)). */
export const EVIDENCE = {
  SAME_EMAIL: 0.9,
  SAME_PHONE: 0.8,
  /** The same name after normalisation. */
  SAME_NAME: { ORGANIZATION: 0.6, PERSON: 0.5 } as Record<string, number>,
  /** A name one or two typos away. */
  NEAR_NAME: { ORGANIZATION: 0.45, PERSON: 0.35 } as Record<string, number>,
} as const;

/** The key of a pair of ids, in id order. */
export const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

// ---------------------------------------------------------------------------------------------
// Normalisation

/** An email as compared: trimmed, lower case; null when empty. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const e = (email ?? '').trim().toLowerCase();
  return e.includes('@') ? e : null;
}

/**
 * The digits of a phone number; null with fewer than 7 (too short to tell anybody apart). A trunk
 * prefix written in parentheses after the country code ("+49 (0)421 ...") is not dialled from
 * abroad: it is dropped.
 */
export function phoneDigits(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\(\s*0\s*\)/g, '').replace(/\D/g, '');
  return digits.length >= 7 ? digits : null;
}

/** Whether two digit strings are one number: equal, or the shorter (without leading zeros, at least 7 digits) ends the longer. */
export function samePhone(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const national = short.replace(/^0+/, '');
  return national.length >= 7 && long.replace(/^0+/, '').endsWith(national);
}

/** Trailing words that are legal forms, by family: forms of one family are one form ("corp" = "incorporated"). */
const LEGAL_FORMS: Readonly<Record<string, string>> = {
  corp: 'corp',
  corporation: 'corp',
  inc: 'corp',
  incorporated: 'corp',
  co: 'corp',
  company: 'corp',
  ltd: 'ltd',
  limited: 'ltd',
  llc: 'llc',
  llp: 'llp',
  lp: 'lp',
  plc: 'plc',
  gmbh: 'gmbh',
  mbh: 'gmbh',
  ag: 'ag',
  kg: 'kg',
  ug: 'ug',
  ev: 'ev',
  sa: 'sa',
  sas: 'sas',
  sarl: 'sarl',
  srl: 'srl',
  spa: 'spa',
  sl: 'sl',
  bv: 'bv',
  nv: 'nv',
  ab: 'ab',
  oy: 'oy',
  as: 'as',
  aps: 'aps',
  asa: 'asa',
  pty: 'pty',
  pte: 'pte',
  kk: 'kk',
};

export interface NormalizedName {
  /** The name's words, sorted and joined without spaces: what names are compared by. */
  key: string;
  /** The legal-form families it ended with (empty when none). */
  forms: string[];
}

/**
 * A name as compared: accents and case folded (ß as ss), periods, apostrophes and slashes
 * dropped ("S.A." = "SA", "A/S" = "AS"), other punctuation as spaces, a leading "the" and
 * trailing legal forms ("& Co. KG" too) taken off, the words sorted. Null when nothing is left.
 */
export function normalizeName(name: string | null | undefined): NormalizedName | null {
  const folded = (name ?? '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[.'’`´/]/g, '')
    .replace(/&/g, ' and ');
  let words = folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const forms: string[] = [];
  const all = words;
  if (words[0] === 'the' && words.length > 1) words = words.slice(1);
  while (words.length > 1) {
    const last = words[words.length - 1];
    if (LEGAL_FORMS[last]) {
      forms.push(LEGAL_FORMS[last]);
      words = words.slice(0, -1);
    } else if (last === 'and' && forms.length) {
      words = words.slice(0, -1); // "GmbH & Co. KG": the "and" between two forms
    } else break;
  }
  if (!words.length) words = all;
  if (!words.length) return null;
  return { key: [...words].sort().join(''), forms: [...new Set(forms)].sort() };
}

/** Names whose legal forms disagree are two companies (one form or none on either side agrees). */
const formsAgree = (a: NormalizedName, b: NormalizedName) => !a.forms.length || !b.forms.length || a.forms.some((f) => b.forms.includes(f));

/** The digits of a name key, in order: names that differ in a number ("Store 12", "Store 13") are never typos of each other. */
const digitsOf = (key: string) => key.replace(/\D/g, '');

/** How many typos a name key of this length may have and still be similar. */
export const typosAllowed = (length: number): number => (length >= 16 ? 2 : length >= 8 ? 1 : 0);

/**
 * The optimal-string-alignment distance (Levenshtein with adjacent transpositions) between two
 * strings, or `max + 1` as soon as it must exceed `max` (only a band of width 2·max is computed).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  const big = max + 1;
  let prevPrev = new Array<number>(m + 1).fill(big);
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j <= max ? j : big;
  for (let i = 1; i <= n; i++) {
    cur.fill(big);
    if (i <= max) cur[0] = i;
    const from = Math.max(1, i - max);
    const to = Math.min(m, i + max);
    let rowMin = cur[0];
    for (let j = from; j <= to; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        d = Math.min(d, prevPrev[j - 2] + 1);
      }
      cur[j] = Math.min(d, big);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return big;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return Math.min(prev[m], big);
}

/** Every string made of `key` by deleting up to `depth` characters (itself included). */
function deletions(key: string, depth: number, into: Set<string> = new Set()): Set<string> {
  into.add(key);
  if (depth === 0 || key.length <= 1) return into;
  for (let i = 0; i < key.length; i++) {
    const shorter = key.slice(0, i) + key.slice(i + 1);
    if (!into.has(shorter)) deletions(shorter, depth - 1, into);
  }
  return into;
}

// ---------------------------------------------------------------------------------------------
// Candidates

/**
 * The pairs of customers that are probably the same, best first (score descending, then pair
 * key), leaving out the `dismissed` pair keys.
 */
export function findDuplicates(subjects: readonly DuplicateSubject[], dismissed: ReadonlySet<string> = new Set()): DuplicatePair[] {
  const found = new Map<string, { a: DuplicateSubject; b: DuplicateSubject; reasons: Set<DuplicateReason>; nameScore: number }>();
  const note = (a: DuplicateSubject, b: DuplicateSubject, reason: DuplicateReason, nameScore = 0) => {
    if (a.id === b.id || a.kind !== b.kind) return;
    const key = pairKey(a.id, b.id);
    if (dismissed.has(key)) return;
    let pair = found.get(key);
    if (!pair) found.set(key, (pair = { a, b, reasons: new Set(), nameScore: 0 }));
    pair.reasons.add(reason);
    pair.nameScore = Math.max(pair.nameScore, nameScore);
  };
  /** Every pair within each block (blocks by kind, so only customers of one kind meet). */
  const pairsWithin = (
    blocks: Map<string, DuplicateSubject[]>,
    visit: (a: DuplicateSubject, b: DuplicateSubject) => void,
    limit = Infinity,
  ) => {
    for (const block of blocks.values()) {
      if (block.length < 2 || block.length > limit) continue;
      for (let i = 0; i < block.length; i++) for (let j = i + 1; j < block.length; j++) visit(block[i], block[j]);
    }
  };
  const add = <K>(blocks: Map<K, DuplicateSubject[]>, key: K, s: DuplicateSubject) => {
    const block = blocks.get(key);
    if (block) block.push(s);
    else blocks.set(key, [s]);
  };

  const byEmail = new Map<string, DuplicateSubject[]>();
  const byPhoneTail = new Map<string, DuplicateSubject[]>();
  const digits = new Map<string, string>();
  const names = new Map<string, NormalizedName>();
  const byName = new Map<string, DuplicateSubject[]>();
  for (const s of subjects) {
    const email = normalizeEmail(s.email);
    if (email) add(byEmail, `${s.kind} ${email}`, s);
    const phone = phoneDigits(s.phone);
    if (phone) {
      digits.set(s.id, phone);
      add(byPhoneTail, `${s.kind} ${phone.slice(-7)}`, s);
    }
    const name = normalizeName(s.name);
    if (name) {
      names.set(s.id, name);
      add(byName, `${s.kind} ${name.key}`, s);
    }
  }

  pairsWithin(byEmail, (a, b) => note(a, b, DuplicateReason.SAME_EMAIL));
  pairsWithin(byPhoneTail, (a, b) => {
    if (samePhone(digits.get(a.id)!, digits.get(b.id)!)) note(a, b, DuplicateReason.SAME_PHONE);
  });

  // Names: the same key, then keys a typo or two apart, found through the strings both give
  // when characters are deleted (two keys within distance d share one made by at most d deletions).
  pairsWithin(
    byName,
    (a, b) => {
      if (formsAgree(names.get(a.id)!, names.get(b.id)!)) note(a, b, DuplicateReason.SIMILAR_NAME, EVIDENCE.SAME_NAME[a.kind] ?? 0.5);
    },
    MAX_NAME_BLOCK,
  );
  // Typos are never in a number: variants are made of the letters, and filed under the digits.
  const byVariant = new Map<string, string[]>(); // kind + digits + variant of the letters -> the name blocks (kind + key) that give it
  for (const [block, members] of byName) {
    if (members.length > MAX_NAME_BLOCK) continue;
    const space = block.indexOf(' ');
    const key = block.slice(space + 1);
    const depth = typosAllowed(key.length);
    if (!depth) continue;
    const filed = `${block.slice(0, space)} ${digitsOf(key)} `;
    for (const variant of deletions(key.replace(/\d/g, ''), depth)) {
      const at = filed + variant;
      const blocks = byVariant.get(at);
      if (blocks) blocks.push(block);
      else byVariant.set(at, [block]);
    }
  }
  const compared = new Set<string>();
  for (const blocks of byVariant.values()) {
    // A variant many names give is no evidence of a typo (and would cost a comparison per pair).
    if (blocks.length < 2 || blocks.length > MAX_NAME_BLOCK) continue;
    for (let i = 0; i < blocks.length; i++) {
      for (let j = i + 1; j < blocks.length; j++) {
        const [x, y] = [blocks[i], blocks[j]];
        const pair = x < y ? `${x}\n${y}` : `${y}\n${x}`;
        if (compared.has(pair)) continue;
        compared.add(pair);
        const kx = x.slice(x.indexOf(' ') + 1);
        const ky = y.slice(y.indexOf(' ') + 1);
        const allowed = Math.min(typosAllowed(kx.length), typosAllowed(ky.length));
        if (!allowed || digitsOf(kx) !== digitsOf(ky) || editDistance(kx, ky, allowed) > allowed) continue;
        for (const a of byName.get(x)!) {
          for (const b of byName.get(y)!) {
            if (formsAgree(names.get(a.id)!, names.get(b.id)!))
              note(a, b, DuplicateReason.SIMILAR_NAME, EVIDENCE.NEAR_NAME[a.kind] ?? 0.35);
          }
        }
      }
    }
  }

  const pairs: DuplicatePair[] = [];
  for (const [key, { a, b, reasons, nameScore }] of found) {
    let miss = 1;
    if (reasons.has(DuplicateReason.SAME_EMAIL)) miss *= 1 - EVIDENCE.SAME_EMAIL;
    if (reasons.has(DuplicateReason.SAME_PHONE)) miss *= 1 - EVIDENCE.SAME_PHONE;
    if (reasons.has(DuplicateReason.SIMILAR_NAME)) miss *= 1 - nameScore;
    pairs.push({
      ids: a.id < b.id ? [a.id, b.id] : [b.id, a.id],
      key,
      reasons: Object.values(DuplicateReason).filter((r) => reasons.has(r)),
      score: Math.round((1 - miss) * 1000) / 1000,
    });
  }
  return pairs.sort(byRank);
}

/** Best first: score descending, then pair key ascending. */
export const byRank = (x: { score: number; key: string }, y: { score: number; key: string }): number =>
  y.score - x.score || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
