/**
 * The erasure's matcher on its own: which texts name an erased customer, and what is left of them.
 * (The end-to-end cases, over the API and the graph, are in hostile-erasure.test.ts.)
 */
import { Scrubber } from '../../src/modules/privacy/scrubber';

const scrub = (values: (string | null)[], text: string) => new Scrubber(values).scrub(text);

describe('Scrubber', () => {
  it.each([
    ['Called İpek Yıldızer today', 'Called [erased] today'],
    ['İPEK YILDIZER wrote', '[erased] wrote'],
    ['i̇pek yıldızer said', '[erased] said'], // i + U+0307, as "İ" lower-cases
    ['Ipek Yildizer wrote', '[erased] wrote'], // dots and accents are ignored: İ, I, ı and i fold alike
  ])('folds case in every script, where the mapping changes length: %j', (text, expected) => {
    expect(scrub(['İpek Yıldızer'], text)).toBe(expected);
  });

  it.each([
    ['route planning, cannot re-order', 'route planning, cannot re-order'],
    ['Susanne and ANNA', 'Susanne and ANNA'],
    ['Ann, ann and ANN.', '[erased], [erased] and [erased].'],
    ['Ann-Marie', '[erased]-Marie'],
    ['Ann\u0301', 'Ann\u0301'], // followed by a combining accent: another name
    ['x_Ann', 'x_[erased]'], // an underscore is not a letter
    ['🙂Ann🙂', '🙂[erased]🙂'],
  ])('matches whole words only: %j', (text, expected) => {
    expect(scrub(['Ann'], text)).toBe(expected);
  });

  it('folds ß and SS, and precomposed and decomposed letters, alike', () => {
    expect(scrub(['Straße Müller'], 'STRASSE MÜLLER; strasse mu\u0308ller; Straße Müllers')).toBe('[erased]; [erased]; Straße Müllers');
  });

  it('takes the longest value where two start together, so an email is never left half', () => {
    expect(scrub(['Quinn', 'quinn@halvorsen.example'], 'Mail QUINN@halvorsen.example or call Quinn')).toBe(
      'Mail [erased] or call [erased]',
    );
  });

  it('needs no word boundary where the value starts or ends with a sign: a phone number', () => {
    expect(scrub(['+47 912 345678'], 'Call +47 912 345678.')).toBe('Call [erased].');
    expect(scrub(['+47 912 345678'], 'Call 0+47 912 3456789')).toBe('Call 0+47 912 3456789');
  });

  it('ignores null, blank and values under 3 characters, and says which values it looks for', () => {
    const s = new Scrubber([null, '  ', 'Al', ' Ann ', 'ANN']);
    expect(s.values).toEqual(['Ann']);
    expect(s.scrub('Al and Ann')).toBe('Al and [erased]');
    expect(new Scrubber(['\u0130pek']).searchTerms).toEqual(['pek']); // decomposed, the piece after the dot above
  });

  it('never matches inside the folded form of one character', () => {
    // "ß" folds to "ss": a value "sson" must not match the end of "Straßon".
    expect(scrub(['sson'], 'Straßon sson')).toBe('Straßon [erased]');
  });
});

describe("Scrubber, from a hostile tester's misses and over-matches", () => {
  it.each([
    [['Zoë Ångström'], 'Met Zoe\u0308 Ångström.', 'Met [erased].'],
    [['Jürgen Straße'], 'JÜRGEN STRAẞE called', '[erased] called'],
    [['İpek Yıldızer'], 'ipek yıldızer said', '[erased] said'],
    [['ipek yıldızer'], 'İPEK YILDIZER said', '[erased] said'],
    [['Ελένη Παπαδοπούλου'], 'Η ΕΛΕΝΗ ΠΑΠΑΔΟΠΟΥΛΟΥ ζήτησε', 'Η [erased] ζήτησε'],
    [['王小明'], '王小明要求退款', '[erased]要求退款'],
    [['李娜'], '李娜说', '[erased]说'],
    [['Annika Lindqvist'], 'Annika\nLindqvist; Annika  Lindqvist; Annika\u00a0Lindqvist', '[erased]; [erased]; [erased]'],
    [["Megan O'Brien"], 'Ask Megan O’Brien', 'Ask [erased]'],
    [['Jean-Luc Picard'], 'Jean‐Luc Picard', '[erased]'],
  ])('finds %j in %j', (values, text, expected) => {
    expect(scrub(values, text)).toBe(expected);
  });

  it('matches an email only as a whole address', () => {
    expect(scrub(['ann@mail.example'], 'mary.ann@mail.example, ann@mail.example.org, ann@mail.example. ANN@MAIL.EXAMPLE')).toBe(
      'mary.ann@mail.example, ann@mail.example.org, [erased]. [erased]',
    );
  });

  it('finds nothing inside an [erased] already there: a customer named "Erased"', () => {
    expect(scrub(['Erased'], '[erased] met Erased; [ERASED]')).toBe('[erased] met [erased]; [ERASED]');
  });

  it('gives the graph filter pieces of each value that any way of writing it contains', () => {
    expect(new Scrubber(['Ελένη Παπαδοπούλου', 'Al Bo', '李娜']).searchTerms).toEqual(['Ελε', 'Παπαδοπου', 'λου', 'Al Bo', '李娜']);
  });
});
