import { luceneQuery, searchTerms, snippet, snippetWords } from '../../src/modules/search/lucene';

describe('searchTerms', () => {
  it('splits on whitespace and keeps the case of ordinary words', () => {
    expect(searchTerms('  Offline   Routing\tplan\n')).toEqual(['Offline', 'Routing', 'plan']);
    expect(searchTerms('')).toEqual([]);
    expect(searchTerms('   ')).toEqual([]);
  });

  it('turns every Lucene special character into a word break', () => {
    expect(searchTerms('title:x')).toEqual(['title', 'x']);
    expect(searchTerms('a+b-c&d|e!f(g)h{i}j[k]l^m"n~o*p?q:r\\s/t')).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
      'h',
      'i',
      'j',
      'k',
      'l',
      'm',
      'n',
      'o',
      'p',
      'q',
      'r',
      's',
      't',
    ]);
    expect(searchTerms('"quoted phrase"')).toEqual(['quoted', 'phrase']);
    expect(searchTerms('&&||!')).toEqual([]);
    expect(searchTerms('-')).toEqual([]);
    expect(searchTerms('\\')).toEqual([]);
  });

  it('lowers the operator words AND, OR, NOT and TO, but only when written as operators', () => {
    expect(searchTerms('a AND b OR c NOT d')).toEqual(['a', 'and', 'b', 'or', 'c', 'not', 'd']);
    expect(searchTerms('[a TO b]')).toEqual(['a', 'to', 'b']);
    // Lucene only reads upper-case operators; mixed case and longer words stay as they are.
    expect(searchTerms('And Or NOTE TOP')).toEqual(['And', 'Or', 'NOTE', 'TOP']);
    // An operator glued to special characters is still an operator once they are split off.
    expect(searchTerms('(AND)')).toEqual(['and']);
  });

  it('keeps characters Lucene gives no meaning to', () => {
    expect(searchTerms("o'brien @home #1 50% $5 a,b a.b")).toEqual(["o'brien", '@home', '#1', '50%', '$5', 'a,b', 'a.b']);
  });
});

describe('luceneQuery', () => {
  it('requires every word and also matches the last one as a prefix', () => {
    expect(luceneQuery('rout')).toBe('+(rout OR rout*)');
    expect(luceneQuery('offline rout')).toBe('+offline +(rout OR rout*)');
    expect(luceneQuery('plan offline rout')).toBe('+plan +offline +(rout OR rout*)');
  });

  it('neutralizes operators and syntax', () => {
    expect(luceneQuery('a AND')).toBe('+a +(and OR and*)');
    expect(luceneQuery('title:x')).toBe('+title +(x OR x*)');
    expect(luceneQuery('[a TO b]')).toBe('+a +to +(b OR b*)');
    expect(luceneQuery('quay -depot')).toBe('+quay +(depot OR depot*)');
    expect(luceneQuery('NOT x')).toBe('+not +(x OR x*)');
    expect(luceneQuery('x~2 y^3')).toBe('+x +2 +y +(3 OR 3*)');
  });

  it('is null when nothing searchable is left', () => {
    for (const text of ['', '   ', '"', '(', '*', '\\', '~', '&&||!', '-', '+-&|!(){}[]^"~*?:\\/'.repeat(10)]) {
      expect(luceneQuery(text)).toBeNull();
    }
  });
});

describe('snippetWords', () => {
  it('is the search terms in lower case', () => {
    expect(snippetWords('Offline ROUTING AND title:Depot')).toEqual(['offline', 'routing', 'and', 'title', 'depot']);
    expect(snippetWords('***')).toEqual([]);
  });
});

describe('snippet', () => {
  it('returns a short text whole, with its whitespace collapsed', () => {
    expect(snippet('Plan routes offline', ['routes'])).toBe('Plan routes offline');
    expect(snippet('  Plan\n\nroutes \t offline  ', ['nothing'])).toBe('Plan routes offline');
    expect(snippet('', ['x'])).toBe('');
    const exactly160 = 'a'.repeat(160);
    expect(snippet(exactly160, ['zzz'])).toBe(exactly160);
  });

  it('cuts a long text from its start, with a trailing ellipsis, when no word occurs', () => {
    const text = 'word '.repeat(50); // 250 characters
    // [0, 160): 32 × "word " ends in a space, trimmed away.
    expect(snippet(text, ['absent'])).toBe(`${'word '.repeat(31)}word…`);
    expect(snippet(text, [])).toBe(`${'word '.repeat(31)}word…`);
  });

  it('cuts around the first occurrence of any word, 53 characters before it, 160 wide', () => {
    const text = `${'lorem '.repeat(20)}NEEDLE ${'ipsum '.repeat(20)}`; // needle at 120, length 247
    // start = 120 - floor(160 / 3) = 67, end = 227.
    // [67, 120): "orem " + 8 × "lorem "; [120, 127): "NEEDLE "; [127, 227): 16 × "ipsum " + "ipsu"
    expect(snippet(text, ['needle'])).toBe(`…orem ${'lorem '.repeat(8)}NEEDLE ${'ipsum '.repeat(16)}ipsu…`);
  });

  it('takes the earliest of several words, whatever their order in the list', () => {
    const text = `${'x'.repeat(100)} alpha ${'y'.repeat(100)} beta ${'z'.repeat(100)}`;
    // alpha at 101, beta at 208: start = 101 - 53 = 48, end = 208.
    // [48, 208) ends in the space before beta, trimmed away.
    const expected = `…${'x'.repeat(52)} alpha ${'y'.repeat(100)}…`;
    expect(snippet(text, ['beta', 'alpha'])).toBe(expected);
    expect(snippet(text, ['alpha', 'beta'])).toBe(expected);
  });

  it('has no leading ellipsis when the word is near the start, no trailing one when the cut reaches the end', () => {
    const early = `Needle ${'b'.repeat(200)}`;
    expect(snippet(early, ['needle'])).toBe(`Needle ${'b'.repeat(153)}…`);
    const late = `${'a'.repeat(200)} needle`; // needle at 201, length 207: start 148, end 207
    expect(snippet(late, ['needle'])).toBe(`…${'a'.repeat(52)} needle`);
  });

  it('honours another width', () => {
    const text = `${'a'.repeat(30)} key ${'b'.repeat(30)}`; // key at 31, length 65
    // width 30: start = 31 - 10 = 21, end = 51
    expect(snippet(text, ['key'], 30)).toBe(`…${'a'.repeat(9)} key ${'b'.repeat(16)}…`);
  });
});

describe('snippet with text whose lower case is longer', () => {
  // 'İ' (U+0130) lowers to two code units: a position found in the lower-cased text would cut
  // the original one too far right, and with 100 of them the word would fall out of the snippet.
  it('still contains the word after characters like İ', () => {
    const text = `${'İ'.repeat(100)} needle ${'b'.repeat(200)}`; // needle at 101
    // start = 101 - 53 = 48, end = 208: 52 × İ, " needle ", 100 × b
    expect(snippet(text, ['needle'])).toBe(`…${'İ'.repeat(52)} needle ${'b'.repeat(100)}…`);
  });
});

describe('luceneQuery in some fields only', () => {
  it('puts every word in the fields given, the last also as a prefix', () => {
    expect(luceneQuery('acme freight', ['name'])).toBe('+(name:acme) +((name:freight) OR (name:freight*))');
    expect(luceneQuery('late (invoice)', ['summary', 'title'])).toBe(
      '+(summary:late OR title:late) +((summary:invoice OR title:invoice) OR (summary:invoice* OR title:invoice*))',
    );
    expect(luceneQuery('name:x OR', ['summary'])).toBe('+(summary:name) +(summary:x) +((summary:or) OR (summary:or*))');
    expect(luceneQuery('***', ['name'])).toBeNull();
  });
});
