// Property: wrong event times inserted anywhere in a feed leave every closed minute exactly as the clean feed's,
// for feeds with quiet gaps, busy stretches and arrival out of order within the lateness.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellCounter } from '../engine/windows/cell-counter.ts';
import { EventTimeGate } from '../engine/time/event-time-gate.ts';
import type { CountedReport } from '../engine/intake/report.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T00:00:00+08:00');

/** Run reports through a gate into a counter; the closed minutes as JSON lines, and what was quarantined. */
function closedMinutes(reports: readonly CountedReport[]): { minutes: string[]; quarantined: string[] } {
  const minutes: string[] = [];
  const quarantined: string[] = [];
  const counter = new CellCounter({ keepReports: false, onMinute: (s) => minutes.push(JSON.stringify(s)) });
  const gate = new EventTimeGate<CountedReport>(
    {},
    { pass: (r) => counter.ingest(r), quarantine: (r) => quarantined.push(r.id) },
  );
  for (const r of reports) gate.offer(r, r.t);
  gate.flush();
  counter.flush();
  return { minutes, quarantined };
}

/** A clean feed: steps between reports from seconds to hours (quiet nights), arrival shuffled within 90 s. */
const cleanFeed = fc
  .array(
    fc.oneof(
      { weight: 20, arbitrary: fc.integer({ min: 0, max: 40_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 10 * MIN, max: 6 * 60 * MIN }) },
    ),
    { minLength: 30, maxLength: 400 },
  )
  .chain((steps) =>
    fc.tuple(
      fc.constant(steps),
      fc.array(fc.integer({ min: 0, max: 90_000 }), { minLength: steps.length, maxLength: steps.length }),
    ),
  )
  .map(([steps, delays]) => {
    let t = T0;
    const reports = steps.map((step, i): CountedReport & { arrival: number } => {
      t += step;
      return {
        id: `r${i}`,
        t,
        district: ['wuhou', 'jinjiang', 'gaoxin'][i % 3],
        topic: ['traffic', 'property'][i % 2],
        caller: `c${i % 37}`,
        arrival: t + delays[i],
      };
    });
    return reports.sort((a, b) => a.arrival - b.arrival).map(({ arrival: _arrival, ...r }) => r);
  });

/** How far ahead a hostile time is: a day, eight hours (a Z time meant as +08:00), a year, the year 2100. */
const hostileShift = fc.constantFrom(
  24 * 60 * MIN,
  8 * 60 * MIN + 7 * 60 * MIN,
  365 * 24 * 60 * MIN,
  Date.parse('2100-01-01T00:00:00Z') - T0,
);

describe('event-time gate, property', () => {
  it('hostile times at random places (never two within 2·votes reports) change no closed minute', () => {
    fc.assert(
      fc.property(
        cleanFeed,
        fc.array(fc.tuple(fc.nat(), hostileShift), { minLength: 1, maxLength: 12 }),
        (clean, hostile) => {
          // Spread the insertions so that no two hostile reports can vote for each other.
          const spacing = 10;
          const slots = Math.floor(clean.length / spacing);
          const at = new Map<number, number>();
          for (const [pos, shift] of hostile) at.set((pos % slots) * spacing, shift);
          // A time is only wrong if the feed does not go there: one that the next reports reach is a real jump.
          const wrong = (i: number, t: number) => clean.slice(i, i + 2 * spacing).every((r) => r.t < t - 15 * MIN);
          const mixed: CountedReport[] = [];
          let inserted = 0;
          clean.forEach((r, i) => {
            const shift = at.get(i);
            const t = clean[Math.max(0, i - 1)].t + (shift ?? 0);
            if (shift !== undefined && wrong(i, t)) {
              mixed.push({ ...r, id: `hostile${i}`, caller: `hostile${i}`, t });
              inserted++;
            }
            mixed.push(r);
          });
          const expected = closedMinutes(clean);
          const got = closedMinutes(mixed);
          expect(got.minutes).toEqual(expected.minutes);
          expect(got.quarantined.filter((id) => id.startsWith('hostile'))).toHaveLength(inserted);
          expect(got.quarantined.filter((id) => !id.startsWith('hostile'))).toEqual(expected.quarantined);
        },
      ),
      { numRuns: 300, seed: 20261203 },
    );
  });

  it('a clean feed loses at most its final report (nobody after it to confirm a time far ahead)', () => {
    fc.assert(
      fc.property(cleanFeed, (clean) => {
        const { quarantined } = closedMinutes(clean);
        expect(quarantined.length).toBeLessThanOrEqual(1);
        if (quarantined.length === 1) expect(quarantined[0]).toBe(clean.at(-1)!.id);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
