// The open-data CSV writer: read back by a strict RFC 4180 parser to the same fields, a BOM only when asked, numbers as
// plain decimals, and no field a spreadsheet would run as a formula.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvValue, toCsv } from '../engine/privacy/csv-table.ts';

/**
 * Strict RFC 4180: every record ends with CRLF, a quoted field's quotes are doubled, an unquoted field holds no quote,
 * CR or LF. Throws on anything else, so a round trip also checks the writer's framing.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  while (i < text.length) {
    const record: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        for (i++; ; ) {
          if (i >= text.length) throw new Error('unterminated quoted field');
          if (text[i] !== '"') value += text[i++];
          else if (text[i + 1] !== '"') break;
          else {
            value += '"';
            i += 2;
          }
        }
        i++;
      } else {
        while (i < text.length && !',\r\n'.includes(text[i])) {
          if (text[i] === '"') throw new Error(`quote in an unquoted field at ${i}`);
          value += text[i++];
        }
      }
      record.push(value);
      if (text[i] === ',') i++;
      else if (text.startsWith('\r\n', i)) break;
      else throw new Error(`expected a comma or CRLF at ${i}`);
    }
    i += 2;
    records.push(record);
  }
  return records;
}

/** What a field reads back as: formula starts behind a quote, numbers as plain decimals (checked separately). */
function readBack(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return /^[=+\-@\t\r]/.test(value) ? "'" + value : value;
  return String(value);
}

const tricky = fc.string({
  unit: fc.constantFrom(',', '"', '\r', '\n', ' ', 'a', '武', '侯', '=', '+', '-', '@', '\t', "'"),
});
const value: fc.Arbitrary<CsvValue> = fc.oneof(
  tricky,
  fc.string({ unit: 'grapheme' }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

describe('toCsv', () => {
  it('writes commas, quotes, line breaks, Chinese and nulls so that a parser reads the same fields back', () => {
    const columns = ['区', 'summary', 'reports', 'closed', 'note'];
    const rows: CsvValue[][] = [
      ['武侯区', '噪音, 夜间施工', 12, true, null],
      ['锦江区', 'he said "stop"\r\nthen left', 0, false, ''],
      ['unknown', 'line one\nline two\rline three', -3, false, '"'],
    ];
    const csv = toCsv(columns, rows);
    expect(csv).toBe(
      '区,summary,reports,closed,note\r\n' +
        '武侯区,"噪音, 夜间施工",12,true,\r\n' +
        '锦江区,"he said ""stop""\r\nthen left",0,false,\r\n' +
        'unknown,"line one\nline two\rline three",-3,false,""""\r\n',
    );
    expect(parseCsv(csv)).toEqual([columns, ...rows.map((row) => row.map(readBack))]);
  });

  it('round-trips any table through a strict parser', () => {
    const table = fc
      .integer({ min: 1, max: 5 })
      .chain((width) =>
        fc.tuple(
          fc.array(tricky, { minLength: width, maxLength: width }),
          fc.array(fc.array(value, { minLength: width, maxLength: width }), { maxLength: 8 }),
          fc.boolean(),
        ),
      );
    fc.assert(
      fc.property(table, ([columns, rows, bom]) => {
        const csv = toCsv(columns, rows, { bom });
        expect(csv.startsWith('\uFEFF')).toBe(bom);
        expect(parseCsv(bom ? csv.slice(1) : csv)).toEqual([columns, ...rows].map((row) => row.map(readBack)));
      }),
      { numRuns: 500, seed: 4180 },
    );
  });

  it('puts the BOM first and only when asked', () => {
    const csv = toCsv(['区'], [['武侯区']], { bom: true });
    expect(csv).toBe('\uFEFF区\r\n武侯区\r\n');
    expect(csv.indexOf('\uFEFF', 1)).toBe(-1);
    expect(toCsv(['区'], [['武侯区']])).toBe('区\r\n武侯区\r\n');
    expect(toCsv(['区'], [['武侯区']], { bom: false })).toBe('区\r\n武侯区\r\n');
  });

  it('puts a quote before text a spreadsheet would run as a formula, never before numbers', () => {
    const fields = ['=SUM(A1:A9)', '+86 138', '-5', '@cmd', '\tx', '\rx', 'a=b', ' =1', "'=1"];
    expect(toCsv(['f'], [...fields.map((field) => [field]), [-5], [0]])).toBe(
      "f\r\n'=SUM(A1:A9)\r\n'+86 138\r\n'-5\r\n'@cmd\r\n'\tx\r\n\"'\rx\"\r\na=b\r\n =1\r\n'=1\r\n-5\r\n0\r\n",
    );
    expect(toCsv(['=cmd|calc'], [])).toBe("'=cmd|calc\r\n");
    expect(toCsv(['a', 'b'], [['=1,2', '-"x"']])).toBe('a,b\r\n"\'=1,2","\'-""x"""\r\n');
  });

  it('writes numbers as plain decimals that read back as the same number', () => {
    expect(toCsv(['n'], [[1e21], [1.5e-7], [-2.5e-8], [0.1], [-0], [123.456], [2 ** 70], [Number.MIN_VALUE]])).toBe(
      `n\r\n1000000000000000000000\r\n0.00000015\r\n-0.000000025\r\n0.1\r\n0\r\n123.456\r\n1180591620717411300000\r\n0.${'0'.repeat(323)}5\r\n`,
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const [, field] = parseCsv(toCsv(['n'], [[n]]));
        expect(field[0]).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(field[0])).toBe(n === 0 ? 0 : n);
      }),
      { numRuns: 2000, seed: 21 },
    );
  });

  it('rejects no columns, ragged rows and numbers that are not finite', () => {
    expect(() => toCsv([], [])).toThrow(/no columns/);
    expect(() => toCsv(['a', 'b'], [['x']])).toThrow(/row 0 has 1 fields, the columns 2/);
    expect(() => toCsv(['a'], [[Number.NaN]])).toThrow(/NaN is not a finite number/);
    expect(() => toCsv(['a'], [[Number.POSITIVE_INFINITY]])).toThrow(RangeError);
  });

  it('writes a one-column empty field as "" so it is not a blank line', () => {
    expect(toCsv([''], [[null], ['']])).toBe('""\r\n""\r\n""\r\n');
    expect(parseCsv(toCsv(['a'], [[null]]))).toEqual([['a'], ['']]);
  });
});
