/**
 * The erasure's matcher on its own: which texts name an erased customer, and what is left of them.
 * (The end-to-end cases, over the API and the graph, are in hostile-erasure.test.ts.)
 */
import { Scrubber } from '../src/modules/privacy/scrubber';

const scrub = (values: (string | null)[], text: string) => new Scrubber(values).scrub(text);

describe('Scrubber', () => {
  it.each([
    ['Called İpek Yıldızer today', 'Called [erased] today'],
    ['İPEK YILDIZER wrote', '[erased] wrote'],
    ['i̇pek yıldızer said', '[erased] said'], // i + U+0307, as "İ" lower-cases
    ['Ipek Yildizer is someone else', 'Ipek Yildizer is someone else'], // I and İ are different letters
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
    expect(scrub(['Quinn', 'quinn@halvorsen.example'], 'Mail QUINN@halvorsen.example or call Quinn')).toBe('Mail [erased] or call [erased]');
  });

  it('needs no word boundary where the value starts or ends with a sign: a phone number', () => {
    expect(scrub(['+47 912 345678'], 'Call +47 912 345678.')).toBe('Call [erased].');
    expect(scrub(['+47 912 345678'], 'Call 0+47 912 3456789')).toBe('Call 0+47 912 3456789');
  });

  it('ignores null, blank and values under 3 characters, and says which values it looks for', () => {
    const s = new Scrubber([null, '  ', 'Al', ' Ann ', 'ANN']);
    expect(s.values).toEqual(['Ann']);
    expect(s.scrub('Al and Ann')).toBe('Al and [erased]');
    expect(new Scrubber(['\u0130pek']).searchTerms).toEqual(['\u0130pek', 'I\u0307pek']); // composed and decomposed
  });

  it('never matches inside the folded form of one character', () => {
    // "ß" folds to "ss": a value "sson" must not match the end of "Straßon".
    expect(scrub(['sson'], 'Straßon sson')).toBe('Straßon [erased]');
  });
});
