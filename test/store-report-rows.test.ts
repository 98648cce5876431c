// Row encoding for COPY and jsonb: exact times, escapes PostgreSQL's text format needs, text it cannot hold.
import { describe, expect, it } from 'vitest';
import { IsoTimes, copyLine, pgJson, pgText, reportRow } from '../engine/store/report-rows.ts';
import { makeReport } from './store-fixtures.ts';

describe('IsoTimes', () => {
  it('matches Date.toISOString, including across minutes, before 1970 and past year 9999', () => {
    const times = [
      0, -1, 59_999, 60_000, 1_767_225_599_999, 1_767_225_600_000, -62_167_219_200_001, 253_402_300_799_999,
      253_402_300_800_000,
    ];
    for (let t = 1_767_225_000_000; t < 1_767_225_000_000 + 200_000; t += 997) times.push(t);
    const iso = new IsoTimes();
    for (const t of times) expect(iso.format(t)).toBe(new Date(t).toISOString());
  });
});

describe('COPY text lines', () => {
  it('escapes backslash, tab, newline and carriage return, and writes \\N for null', () => {
    const row = reportRow(makeReport('a\tb', 0, { text: 'x\\y\nz\r', channel: null, district: null }), true);
    expect(copyLine(row).split('\t').slice(0, 10)).toEqual([
      'a\\tb',
      '1970-01-01T00:00:00.000Z',
      '\\N',
      '\\N',
      'property',
      'r:a\\tb',
      'x\\\\y\\nz\\r',
      // The redacted text, written beside the raw one: nothing to replace here, escaped alike.
      'x\\\\y\\nz\\r',
      '\\N',
      't',
    ]);
    expect(copyLine(row).endsWith('\n')).toBe(true);
    expect(copyLine(row).split('\n')).toHaveLength(2);
  });

  it('keeps JSON backslashes doubled so the server reads the JSON back unchanged', () => {
    const raw = { id: 'j', receivedAt: 'x', text: 'say "hi"\n', location: { address: 'a\\b' } };
    const line = copyLine(reportRow(makeReport('j', 0, { raw }), false));
    const fields = line.slice(0, -1).split('\t');
    const unescapeCopy = (f: string) =>
      f.replace(/\\(.)/g, (_match, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
    expect(JSON.parse(unescapeCopy(fields[8]))).toEqual(raw.location);
    expect(JSON.parse(unescapeCopy(fields[10]))).toEqual(raw);
  });
});

describe('text PostgreSQL cannot hold', () => {
  it('drops NUL and replaces unpaired surrogates, leaving other text alone', () => {
    expect(pgText('a\u0000b')).toBe('ab');
    expect(pgText('x\ud800y')).toBe('x\ufffdy');
    expect(pgText('高新区 🚨')).toBe('高新区 🚨');
    expect(JSON.parse(pgJson({ k: 'a\u0000b', e: '🚨', s: '\udc00' }))).toEqual({ k: 'ab', e: '🚨', s: '\ufffd' });
  });
});
