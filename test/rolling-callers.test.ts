import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { RollingCallers } from '../engine/decide/rolling-callers.ts';
import { RollingSum } from '../engine/decide/rolling-sum.ts';

describe('rolling distinct callers over trailing windows', () => {
  it(
    'matches a brute-force count on random minutes (gaps longer than every window too), repeat callers included, ' +
      'and counts callers new since a minute',
    () => {
      const rng = seedrandom('rc');
      const windows = [3, 7, 20];
      const r = new RollingCallers(windows);
      const sums = new RollingSum(windows);
      const history: Array<{ minute: number; callers: string[]; reportIds: string[] }> = [];
      let minute = 1000;
      for (let step = 0; step < 400; step++) {
        minute += rng() < 0.05 ? 25 : 1 + Math.floor(rng() * 3); // now and then a gap longer than every window
        const callers = [
          ...new Set(Array.from({ length: Math.floor(rng() * 4) }, () => `c${Math.floor(rng() * 12)}`)),
        ].sort();
        const entry = { minute, callers, reportIds: callers.map((_c, i) => `${minute}-${i}`) };
        const since = minute - (minute % 15);
        const heardSince = new Set(history.filter((e) => e.minute >= since).flatMap((e) => e.callers));
        history.push(entry);
        expect(r.add(minute, entry, since)).toBe(callers.filter((c) => !heardSince.has(c)).length);
        sums.add(minute, callers.length);
        r.advance(minute);
        const expected = windows.map((w) => {
          const inside = history.filter((e) => e.minute > minute - w);
          return {
            minutes: w,
            distinctCallers: new Set(inside.flatMap((e) => e.callers)).size,
            reports: inside.reduce((a, e) => a + e.reportIds.length, 0),
          };
        });
        expect(r.counts()).toEqual(expected);
        expect([...sums.sums(minute)]).toEqual(expected.map((e) => e.reports));
        expect(r.reportIds(7)).toEqual(history.filter((e) => e.minute > minute - 7).flatMap((e) => e.reportIds));
      }
    },
  );

  it('empties once every minute has left the longest window', () => {
    const r = new RollingCallers([5, 10]);
    r.add(1, { callers: ['a'], reportIds: ['x'] });
    r.advance(10);
    expect(r.empty).toBe(false);
    r.advance(11);
    expect(r.empty).toBe(true);
    expect(r.counts().map((c) => c.distinctCallers)).toEqual([0, 0]);
  });
});
