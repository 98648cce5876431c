// The event-time gate: one implausible time never moves the frontier; real gaps and sparse feeds still pass.
import { describe, expect, it } from 'vitest';
import { EventTimeGate, type QuarantineReason } from '../engine/time/event-time-gate.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-01-08T09:00:00+08:00');

function run(times: number[], options = {}, now?: (i: number) => number) {
  const passed: number[] = [];
  const quarantined: Array<[number, QuarantineReason]> = [];
  const gate = new EventTimeGate<number>(options, {
    pass: (i) => passed.push(i),
    quarantine: (i, reason) => quarantined.push([i, reason]),
  });
  for (const [i, t] of times.entries()) gate.offer(i, t, now?.(i));
  gate.flush();
  return { passed, quarantined, gate };
}

/** A steady feed: one report every 20 s, slightly out of order. */
const steady = (n: number, from = T0) =>
  Array.from({ length: n }, (_, i) => from + i * 20_000 + ((i * 7919) % 5) * 9_000);

describe('event-time gate', () => {
  it('lets a clean feed through in arrival order', () => {
    const times = steady(500);
    const { passed, quarantined } = run(times);
    expect(quarantined).toEqual([]);
    expect(passed).toEqual(times.map((_, i) => i));
  });

  it.each([
    ['the year 2100', Date.parse('2100-01-08T09:49:40+08:00')],
    ['a day ahead', 24 * 60 * MIN],
    ['8 h ahead (a Z time that meant +08:00)', 8 * 60 * MIN],
    ['20 minutes ahead', 20 * MIN],
  ])('quarantines one report %s and keeps every other in order', (_name, shift) => {
    const times = steady(300);
    const bad = 137;
    const withBad = [...times.slice(0, bad), shift > 1e12 ? shift : times[bad] + shift, ...times.slice(bad)];
    const { passed, quarantined } = run(withBad);
    expect(quarantined).toEqual([[bad, 'ahead']]);
    expect(passed).toEqual(withBad.map((_, i) => i).filter((i) => i !== bad));
  });

  it('quarantines a wrong first line and starts the feed at its second', () => {
    const times = [Date.parse('2100-01-01T00:00:00Z'), ...steady(50)];
    const { passed, quarantined } = run(times);
    expect(quarantined).toEqual([[0, 'ahead']]);
    expect(passed[0]).toBe(1);
    expect(passed).toHaveLength(50);
  });

  it('refuses a first line years in the past when the feed is now', () => {
    const times = [Date.parse('2001-01-01T00:00:00Z'), ...steady(50)];
    const { passed, quarantined } = run(times);
    expect(quarantined.map(([i]) => i)).toEqual([0]);
    expect(passed).toHaveLength(50);
  });

  it('passes a real gap: a quiet night followed by the morning', () => {
    const night = steady(30);
    const morning = steady(30, night.at(-1)! + 95 * MIN);
    const { passed, quarantined } = run([...night, ...morning]);
    expect(quarantined).toEqual([]);
    expect(passed).toEqual([...night, ...morning].map((_, i) => i));
  });

  it(
    'passes a sparse mailbox feed, hours between letters, ' + 'and decides every letter within 2·votes − 1 later ones',
    () => {
      const letters = Array.from({ length: 40 }, (_, i) => T0 + i * 5 * 60 * MIN + (i % 3) * 17 * MIN);
      const passed: number[] = [];
      const quarantined: number[] = [];
      const gate = new EventTimeGate<number>(
        {},
        { pass: (i) => passed.push(i), quarantine: (i) => quarantined.push(i) },
      );
      letters.forEach((t, i) => {
        gate.offer(i, t);
        expect(gate.waiting).toBeLessThanOrEqual(2 * gate.votes);
      });
      gate.flush();
      // The last letter has nobody after it to confirm it, but it is no further ahead than the gaps the feed took.
      expect(passed).toEqual(letters.map((_, i) => i));
      expect(quarantined).toEqual([]);
    },
  );

  it.each([
    ['a steady feed, 8 h ahead', steady(300), 8 * 60 * MIN],
    ['a steady feed, 20 minutes ahead', steady(300), 20 * MIN],
    ['a mailbox, a day ahead', Array.from({ length: 40 }, (_, i) => T0 + i * 5 * 60 * MIN), 24 * 60 * MIN],
  ])('quarantines a last line beyond any step the feed took: %s', (_name, times, shift) => {
    const { passed, quarantined } = run([...times, times.at(-1)! + shift]);
    expect(quarantined).toEqual([[times.length, 'ahead']]);
    expect(passed).toHaveLength(times.length);
  });

  it('counts a report within the horizon behind the frontier (late downstream) but quarantines one beyond it', () => {
    const times = steady(20);
    const { passed, quarantined } = run([
      ...times,
      times[0] - 3 * 60 * MIN,
      times[0] - 40 * 24 * 60 * MIN,
      ...steady(10, times.at(-1)! + 20_000),
    ]);
    expect(passed).toContain(20);
    expect(quarantined).toEqual([[21, 'too-old']]);
  });

  it('live: the wall clock bounds event time at once', () => {
    const times = steady(20);
    const now = (i: number) => times[i] + 5_000;
    const { quarantined } = run([...times.slice(0, 10), times[10] + 16 * MIN, ...times.slice(10)], {}, (i) =>
      now(Math.min(i, 19)),
    );
    expect(quarantined).toEqual([[10, 'ahead-of-clock']]);
  });

  it('live: a fresh gate lets a report about now through at once; one days old waits until the feed has a time', () => {
    const passedAt: number[] = [];
    const gate = new EventTimeGate<number>({}, { pass: (i) => passedAt.push(i), quarantine: () => undefined });
    const now = T0 + 3_000;
    gate.offer(0, T0 - 3 * 24 * 60 * MIN, now); // days old, before anything passed: waits for votes
    expect(passedAt).toEqual([]);
    gate.offer(1, T0, now); // about now: the wall clock vouches for it; the old one is then in reach (late, not wrong)
    expect(passedAt).toEqual([1, 0]);
    expect(gate.state().frontier).toBe(T0);
  });

  it('restores from its state and decides exactly as if never stopped', () => {
    const times = [...steady(40), T0 + 24 * 60 * MIN, ...steady(40, T0 + 40 * 20_000)];
    const whole = run(times);
    const passed: number[] = [];
    const quarantined: number[] = [];
    const verdicts = { pass: (i: number) => passed.push(i), quarantine: (i: number) => quarantined.push(i) };
    let gate = new EventTimeGate<number>({}, verdicts);
    times.forEach((t, i) => {
      gate.offer(i, t);
      if (i % 7 === 0) gate = new EventTimeGate<number>({}, verdicts, JSON.parse(JSON.stringify(gate.state())));
    });
    gate.flush();
    expect(passed).toEqual(whole.passed);
    expect(quarantined).toEqual(whole.quarantined.map(([i]) => i));
  });

  it('rejects settings that can only be a mistake', () => {
    expect(() => new EventTimeGate({ votes: 0 }, { pass: () => {}, quarantine: () => {} })).toThrow(RangeError);
    expect(() => new EventTimeGate({ aheadMs: -1 }, { pass: () => {}, quarantine: () => {} })).toThrow(RangeError);
  });
});
