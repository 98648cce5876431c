import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { parseEventTime } from '../engine/intake/normalize-report.ts';
import { CityClock } from '../engine/time/event-time.ts';

// The common shape is read by a fast path; a leading space sends the same text down the general path
// (regex + calendar checks), so the two can be compared on any input.
const clock = new CityClock('Asia/Shanghai');
const read = (v: string) => {
  try {
    return parseEventTime(v, clock);
  } catch (err) {
    return (err as Error).message;
  }
};
const outcome = (x: number | string) => (typeof x === 'number' ? x : 'rejected');
const general = (v: string) => outcome(read(` ${v}`));

describe('receivedAt parsing', () => {
  it('reads offsets, Z, milliseconds and local times', () => {
    expect(read('2026-01-05T08:00:23+08:00')).toBe(Date.parse('2026-01-05T00:00:23Z'));
    expect(read('2026-01-05T00:00:23.123Z')).toBe(Date.parse('2026-01-05T00:00:23.123Z'));
    expect(read('2026-01-05T00:00:23.123-05:30')).toBe(Date.parse('2026-01-05T05:30:23.123Z'));
    expect(parseEventTime('2026-01-05T08:00:23', clock, true)).toBe(Date.parse('2026-01-05T00:00:23Z'));
  });

  it(
    'rejects a time that does not exist instead of rolling it into another day, on the fast path and the general ' +
      'one',
    () => {
      for (const v of [
        '2026-02-30T09:49:40+08:00',
        '2026-13-01T09:49:40+08:00',
        '2026-01-08T24:00:00+08:00',
        '2026-02-29T09:49:40+08:00',
        '2026-01-08T09:49:40+25:00',
        '2026-04-31T00:00:00Z',
        '2026-01-08T09:60:00Z',
        '2026-01-08T09:49:60Z',
        '1969-12-31T23:59:59Z',
        '0001-01-01T00:00:00Z',
        '2026-02-30T09:49:40.123+08:00',
        '2026-02-30 09:49:40+08:00',
        '2026-02-30T09:49+08:00',
      ]) {
        expect(read(v), v).toBe(`receivedAt: not a valid date: ${JSON.stringify(v)}`);
        expect(general(v), v).toBe('rejected');
      }
      // The days that do exist past the 28th, leap days included.
      expect(read('2028-02-29T09:49:40+08:00')).toBe(Date.parse('2028-02-29T01:49:40Z'));
      expect(read('2000-02-29T00:00:00Z')).toBe(Date.parse('2000-02-29T00:00:00Z'));
      expect(read('1900-02-29T00:00:00Z')).toMatch(/not a valid date/);
      expect(read('2026-01-31T23:59:59.999-05:00')).toBe(Date.parse('2026-02-01T04:59:59.999Z'));
      expect(read('2026-12-31T23:59:59+14:00')).toBe(Date.parse('2026-12-31T09:59:59Z'));
      expect(read('9999-12-31T23:59:59Z')).toBe(Date.parse('9999-12-31T23:59:59Z'));
    },
  );

  it('rejects a time without a UTC offset unless local times are asked for, and says how to fix it', () => {
    expect(read('2026-01-08T09:49:40')).toBe(
      'receivedAt: no UTC offset in "2026-01-08T09:49:40" (add +08:00 or Z, or read offset-less times in the ' +
        "profile's timezone with --local-times)",
    );
    expect(read('2026-01-08 09:49')).toMatch(/^receivedAt: no UTC offset in "2026-01-08 09:49"/);
    expect(parseEventTime('2026-01-08 09:49', clock, true)).toBe(Date.parse('2026-01-08T01:49:00Z'));
    expect(() => parseEventTime('2026-02-30T09:49:40', clock, true)).toThrow(/not a valid date/);
    // A timezone with daylight saving names the offset in force at that time.
    const newYork = new CityClock('America/New_York');
    expect(() => parseEventTime('2026-07-01T09:00:00', newYork)).toThrow(/add -04:00 or Z/);
    expect(parseEventTime('2026-07-01T09:00:00', newYork, true)).toBe(Date.parse('2026-07-01T13:00:00Z'));
  });

  it('names the field when the time is not one', () => {
    expect(read('2026-13-01T00:00:00Z')).toMatch(/^receivedAt: not a valid date/);
    expect(read('yesterday')).toMatch(/^receivedAt: not an ISO 8601 time/);
  });

  it('the fast path agrees with the general one on edge cases and 50,000 random times', () => {
    const edges = [
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-01T23:60:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-05T00:00:23+0800',
      '2026-01-05 00:00:23+08:00',
      '2026-01-05T00:00',
      'x026-01-05T00:00:23Z',
      '2026-01-05T00:00:23+08:60',
      '2026-01-05T00:00:23*08:00',
      '0001-01-01T00:00:00Z',
      '2026-01-28T23:59:59.999+14:00',
      '2026-01-05T00:00:23.12Z',
    ];
    for (const v of edges) expect(outcome(read(v)), v).toBe(general(v));
    const rng = seedrandom('times');
    for (let i = 0; i < 50_000; i++) {
      const iso = new Date(Math.floor(rng() * 4e12)).toISOString();
      const v = rng() < 0.5 ? iso : iso.slice(0, 19) + (rng() < 0.5 ? '+08:00' : '-03:30');
      expect(outcome(read(v))).toBe(general(v));
    }
  });

  it(
    "the fast path's memory of the last hour agrees too: runs of times in one hour, zones that change, broken " +
      'digits',
    () => {
      const rng = seedrandom('hours');
      const zones = ['Z', '+08:00', '-03:30', '+08:0Z', 'ZZZZZZ', '+08:60'];
      let t = Date.parse('2026-01-05T00:00:00Z');
      for (let i = 0; i < 50_000; i++) {
        t += Math.floor(rng() * 90_000);
        const iso = new Date(t).toISOString();
        const zone = zones[Math.floor(rng() * (rng() < 0.9 ? 2 : zones.length))];
        let v = (rng() < 0.5 ? iso.slice(0, 23) : iso.slice(0, 19)) + zone;
        if (rng() < 0.02) v = v.slice(0, 14) + 'x' + v.slice(15); // a minute that is not a number, in a known hour
        expect(outcome(read(v)), v).toBe(general(v));
      }
    },
  );
});
