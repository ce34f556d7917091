import { csvCell, csvRow } from './csv';

describe('csv', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell(-2)).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('quotes commas, quotes and new lines, and leaves plain text alone', () => {
    expect(csvRow(['a,b', 'say "hi"', 'two\nlines', null, 3, ['vip', 'press']])).toBe(
      '"a,b","say ""hi""","two\nlines",,3,vip; press\r\n',
    );
  });
});
