import { csvField, guardFormula } from '../../src/server/export';

/** The CSV export's guard against formulas (CSV injection), as a spreadsheet would open the file. */
describe('the formula guard of the CSV export', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+49 30 1234', "'+49 30 1234"],
    ['-1 555 0100', "'-1 555 0100"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['Plain name', 'Plain name'],
    ['a = b', 'a = b'],
  ])('makes %j text: %j', (cell, guarded) => {
    expect(guardFormula(cell)).toBe(guarded);
  });

  it('also guards a formula after a semicolon, where a spreadsheet that splits on ; starts a cell', () => {
    expect(guardFormula("Semi;=cmd|'/C calc'!A0;x")).toBe("Semi;'=cmd|'/C calc'!A0;x");
    expect(guardFormula('a; +1;  @x; -2')).toBe("a; '+1;  '@x; '-2");
    expect(guardFormula('=a;=b')).toBe("'=a;'=b");
    // A semicolon before anything else is left as it is.
    expect(guardFormula('Müller; Söhne')).toBe('Müller; Söhne');
  });

  it('quotes a field as RFC 4180 says', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField(null)).toBe('');
  });
});
