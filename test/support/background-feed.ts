// Test feeds with known answers: Poisson background at exactly the profile's prior rates, plus
// hand-placed injections, so a detector test knows what must and must not alert.
import seedrandom from 'seedrandom';
import type { IntakeReport } from '../../schemas/intake-report.ts';
import type { Profile } from '../../engine/profile/city-profile.ts';
import { CityClock, HOUR_MS } from '../../engine/time/event-time.ts';

export interface Injection {
  readonly district: string;
  readonly topic: string;
  readonly start: string;
  /** Spread of the injected reports after start, minutes. */
  readonly minutes: number;
  readonly count: number;
  /** One caller for all (a repeat caller) or a new caller each. */
  readonly sameCaller?: boolean;
  readonly prefix: string;
}

function poisson(rng: () => number, mean: number): number {
  let k = 0;
  for (let p = Math.exp(-mean), s = p, u = rng(); u > s; k++) s += p *= mean / (k + 1);
  return k;
}

/**
 * Background reports between two local times, every cell at its prior hourly rate (× `scale`), optionally for some
 * topics only.
 */
export function backgroundFeed(
  profile: Profile,
  from: string,
  to: string,
  seed: string,
  scale = 1,
  onlyTopics?: readonly string[],
): IntakeReport[] {
  const rng = seedrandom(seed);
  const clock = new CityClock(profile.timezone);
  const { dailyVolume, hourShape, weekdayFactors, districts } = profile.data;
  const topics = profile.data.topics.filter((t) => !onlyTopics || onlyTopics.includes(t.code));
  const shapeSum = hourShape.reduce((a, b) => a + b, 0);
  const weightSum = districts.reduce((a, d) => a + d.weight, 0);
  const out: IntakeReport[] = [];
  for (let h = Date.parse(from); h < Date.parse(to); h += HOUR_MS) {
    const how = clock.hourOfWeek(h);
    const city = (dailyVolume * weekdayFactors[Math.floor(how / 24)] * hourShape[how % 24]) / shapeSum;
    for (const d of districts)
      for (const t of topics) {
        const n = poisson(rng, scale * city * (d.weight / weightSum) * t.share);
        for (let i = 0; i < n; i++) {
          const at = h + Math.floor(rng() * HOUR_MS);
          out.push({
            id: `${seed}-${at}-${out.length}`,
            receivedAt: clock.format(at),
            text: '背景',
            district: d.code,
            topic: t.code,
            callerId: `${seed}-${out.length}`,
          });
        }
      }
  }
  return out;
}

/** Reports of one injection, evenly spread over its minutes. */
export function inject(profile: Profile, x: Injection): IntakeReport[] {
  const clock = new CityClock(profile.timezone);
  const t0 = Date.parse(x.start);
  return Array.from({ length: x.count }, (_, i) => {
    const at = t0 + Math.floor((i * x.minutes * 60_000) / x.count);
    return {
      id: `${x.prefix}-${i}`,
      receivedAt: clock.format(at),
      text: '注入',
      district: x.district,
      topic: x.topic,
      callerId: x.sameCaller ? `${x.prefix}-caller` : `${x.prefix}-c${i}`,
    };
  });
}

/** File order = event order. */
/** Forty people in an hour about property in 高新区 on the second day: a surge any detector family must raise. */
export const BIG_INCIDENT: Injection = {
  district: 'gaoxin',
  topic: 'property',
  start: '2026-01-06T10:00:00+08:00',
  minutes: 60,
  count: 40,
  prefix: 'big',
};

export const byTime = (reports: IntakeReport[]): IntakeReport[] =>
  [...reports].sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || (a.id < b.id ? -1 : 1));

/**
 * One Monday of background from midnight to `until` with 30 people about one gaoxin property problem from 10:00 for
 * 40 minutes — the smallest feed that raises alerts — as NDJSON lines in event order.
 */
export function incidentDayLines(profile: Profile, seed: string, until = '2026-01-06T00:00:00+08:00'): string[] {
  return byTime([
    ...backgroundFeed(profile, '2026-01-05T00:00:00+08:00', until, seed),
    ...inject(profile, {
      district: 'gaoxin',
      topic: 'property',
      start: '2026-01-05T10:00:00+08:00',
      minutes: 40,
      count: 30,
      prefix: 'inc',
    }),
  ]).map((r) => JSON.stringify(r));
}
