import { csvCell, csvRow, toCsv } from './spreadsheet-csv';

describe('csvCell', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+8613800000000', "'+8613800000000"],
    ['-2', "'-2"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tcmd', "'\tcmd"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])('neutralises a cell a spreadsheet would run as a formula: %j', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  it('neutralises a leading carriage return and quotes the cell, since it breaks the line', () => {
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
  });

  it('leaves ordinary text alone, including formula characters that are not first', () => {
    expect(csvCell('hello')).toBe('hello');
    expect(csvCell('a=b, c')).toBe('"a=b, c"');
    expect(csvCell('你好 @小明')).toBe('你好 @小明');
    expect(csvCell("it's")).toBe("it's");
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
  });

  it('writes empty cells for null, ISO times for dates and JSON for objects', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvCell(-0.5)).toBe("'-0.5");
  });
});

describe('toCsv', () => {
  it('starts with a byte order mark and ends every row with CRLF', () => {
    expect(toCsv(['a', 'b'], [['=x', 'y,z']])).toBe(`\uFEFFa,b\r\n'=x,"y,z"\r\n`);
  });
});

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
