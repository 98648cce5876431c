// Issue 18: day-scale windows find a few new writers a day in a mailbox's quiet cell, not its noise or one writer.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../schemas/alert-event.ts';
import { Decider } from '../engine/decide/decider.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { CityClock } from '../engine/time/event-time.ts';
import type { CellMinute, MinuteSeries } from '../engine/windows/minute-series.ts';

const profile = loadProfile('test/fixtures/mailbox-city/profile.json');
const clock = new CityClock(profile.timezone);
const START = Date.parse('2026-01-05T00:00:00+08:00') / 60_000;
const DAY = 1440;

interface Letter {
  readonly minute: number;
  readonly district: string;
  readonly topic: string;
  readonly caller: string;
}

/** ~11 letters a day spread over every cell, in office hours, for `days` days. */
function mailbox(days: number, seed: string): Letter[] {
  const rng = seedrandom(seed);
  const letters: Letter[] = [];
  for (let d = 0; d < days; d++)
    for (let k = 0; k < 11; k++)
      letters.push({
        minute: START + d * DAY + 480 + Math.floor(rng() * 600),
        district: profile.districtCodes[Math.floor(rng() * profile.districtCodes.length)],
        topic: profile.topicCodes[Math.floor(rng() * profile.topicCodes.length)],
        caller: `c${d}-${k}`,
      });
  return letters;
}

/** `perDay` letters a day to one cell from day `from` for `days` days, each from a new writer unless `writer`. */
function issue(from: number, days: number, perDay: number, writer?: string): Letter[] {
  const out: Letter[] = [];
  for (let d = from; d < from + days; d++)
    for (let k = 0; k < perDay; k++)
      out.push({
        minute: START + d * DAY + 540 + k * 97,
        district: 'qingshan',
        topic: 'environment',
        caller: writer ?? `hot${d}-${k}`,
      });
  return out;
}

function decide(letters: readonly Letter[]): AlertEvent[] {
  const byMinute = new Map<number, CellMinute[]>();
  for (const l of [...letters].sort((a, b) => a.minute - b.minute)) {
    const cells = byMinute.get(l.minute) ?? [];
    const id = `${l.caller}@${l.minute}`;
    cells.push({ district: l.district, topic: l.topic, reports: 1, callers: [l.caller], reportIds: [id] });
    byMinute.set(l.minute, cells);
  }
  const decider = new Decider(profile, clock);
  const events: AlertEvent[] = [];
  for (const [minute, cells] of [...byMinute].sort((a, b) => a[0] - b[0])) {
    const series: MinuteSeries = { minute, cells };
    events.push(...decider.onMinute(series));
  }
  return events;
}

const opened = (events: readonly AlertEvent[]) => events.filter((e) => e.type === 'alert.opened').map((e) => e.alert);
const dayOf = (iso: string) => Math.floor((Date.parse(iso) / 60_000 - START) / DAY);

describe('day-scale windows (issue 18)', () => {
  const background = mailbox(70, 'mailbox');

  it('a quiet mailbox raises no alert in ten weeks', () => {
    expect(opened(decide(background))).toEqual([]);
  });

  it('two new writers a day about one thing in one cell open one day-scale surge within days', () => {
    const alerts = opened(decide([...background, ...issue(40, 14, 2)]));
    expect(alerts.map((a) => [a.kind, a.district, a.topic, a.detector])).toEqual([
      ['surge', 'qingshan', 'environment', 'window-nb-days'],
    ]);
    expect(dayOf(alerts[0].openedAt)).toBeGreaterThanOrEqual(41);
    expect(dayOf(alerts[0].openedAt)).toBeLessThanOrEqual(45);
    expect(alerts[0].windowMinutes % DAY).toBe(0);
    expect(alerts[0].reportIds.length).toBeGreaterThanOrEqual(5);
  });

  it('one person writing twice a day for two weeks is one person, not a surge', () => {
    expect(opened(decide([...background, ...issue(40, 14, 2, 'persistent')]))).toEqual([]);
  });

  it('restored from its state through JSON, a decider continues exactly as the original', () => {
    const letters = [...background, ...issue(40, 14, 2)].sort((a, b) => a.minute - b.minute);
    const cut = START + 45 * DAY;
    const straight = decide(letters);
    const first = new Decider(profile, clock);
    const series = (ls: readonly Letter[]): MinuteSeries[] => {
      const m = new Map<number, CellMinute[]>();
      for (const l of ls)
        m.set(l.minute, [
          ...(m.get(l.minute) ?? []),
          {
            district: l.district,
            topic: l.topic,
            reports: 1,
            callers: [l.caller],
            reportIds: [`${l.caller}@${l.minute}`],
          },
        ]);
      return [...m].map(([minute, cells]) => ({ minute, cells }));
    };
    const before = series(letters.filter((l) => l.minute < cut)).flatMap((s) => first.onMinute(s));
    const resumed = new Decider(profile, clock, {}, JSON.parse(JSON.stringify(first.state())));
    const after = series(letters.filter((l) => l.minute >= cut)).flatMap((s) => resumed.onMinute(s));
    expect([...before, ...after]).toEqual(straight);
  });
});
