// The synthetic feed's everyday shape: weekday and weekend volumes, hour of day, districts, overdispersion,
// determinism.
import { describe, expect, it, beforeAll } from 'vitest';
import { sampleCorrelation, mean, variance } from 'simple-statistics';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { CityClock } from '../engine/time/event-time.ts';
import { parseEventTime } from '../engine/intake/normalize-report.ts';
import { generateInto, type GeneratedFeed } from './support/generated-feed.ts';

const profile = loadProfile('chengdu');
const clock = new CityClock(profile.timezone);
let plain: GeneratedFeed;

beforeAll(async () => {
  plain = await generateInto('volumes-1', 14, false);
});

const localDay = (r: { receivedAt: string }) => r.receivedAt.slice(0, 10);
const localHour = (r: { receivedAt: string }) => Number(r.receivedAt.slice(11, 13));

describe('generate: everyday volumes', () => {
  it('gives about dailyVolume × weekday factor reports a day, fewer at weekends', () => {
    const perDay = new Map<string, number>();
    for (const r of plain.reports) perDay.set(localDay(r), (perDay.get(localDay(r)) ?? 0) + 1);
    expect(perDay.size).toBe(14);
    const weekday: number[] = [];
    const weekend: number[] = [];
    for (const [day, n] of perDay) {
      const dow = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
      (dow < 5 ? weekday : weekend).push(n / profile.data.weekdayFactors[dow]);
      expect(n).toBeGreaterThan(profile.data.dailyVolume * profile.data.weekdayFactors[dow] * 0.7);
      expect(n).toBeLessThan(profile.data.dailyVolume * profile.data.weekdayFactors[dow] * 1.3);
    }
    expect(mean(weekday) / profile.data.dailyVolume).toBeGreaterThan(0.92);
    expect(mean(weekday) / profile.data.dailyVolume).toBeLessThan(1.08);
    expect(mean(weekend) / profile.data.dailyVolume).toBeGreaterThan(0.88);
    expect(mean(weekend) / profile.data.dailyVolume).toBeLessThan(1.12);
    expect(plain.truth.surges).toEqual([]);
    expect(plain.truth.decoys).toEqual([]);
    expect(plain.truth.reports).toBe(plain.reports.length);
  });

  it('follows the profile hour shape', () => {
    const perHour = Array<number>(24).fill(0);
    for (const r of plain.reports) perHour[localHour(r)]++;
    expect(sampleCorrelation(perHour, profile.data.hourShape)).toBeGreaterThan(0.98);
    expect(perHour[10]).toBeGreaterThan(perHour[3] * 10);
  });

  it('spreads districts by weight and topics by share', () => {
    const byDistrict = new Map<string, number>();
    const byTopic = new Map<string, number>();
    for (const r of plain.reports) {
      if (!r.district || !r.topic) continue;
      const d = profile.district(r.district)!.code;
      const t = profile.topic(r.topic)!.code;
      byDistrict.set(d, (byDistrict.get(d) ?? 0) + 1);
      byTopic.set(t, (byTopic.get(t) ?? 0) + 1);
    }
    expect(
      sampleCorrelation(
        profile.data.districts.map((d) => byDistrict.get(d.code) ?? 0),
        profile.data.districts.map((d) => d.weight),
      ),
    ).toBeGreaterThan(0.95);
    expect(
      sampleCorrelation(
        profile.data.topics.map((t) => byTopic.get(t.code) ?? 0),
        profile.data.topics.map((t) => t.share),
      ),
    ).toBeGreaterThan(0.95);
  });

  it('varies day×cell counts beyond Poisson (variance well above the mean in busy cells)', () => {
    const counts = new Map<string, number[]>();
    const days = [...new Set(plain.reports.map(localDay))].filter(
      (d) => (new Date(`${d}T12:00:00Z`).getUTCDay() + 6) % 7 < 5,
    );
    for (const r of plain.reports) {
      if (!r.district || !r.topic) continue;
      const key = `${profile.district(r.district)!.code}/${profile.topic(r.topic)!.code}`;
      const i = days.indexOf(localDay(r));
      if (i === -1) continue;
      const list = counts.get(key) ?? Array<number>(days.length).fill(0);
      list[i]++;
      counts.set(key, list);
    }
    const busy = [...counts.values()].filter((c) => mean(c) >= 20);
    expect(busy.length).toBeGreaterThan(20);
    const dispersion = mean(busy.map((c) => variance(c) / mean(c)));
    expect(dispersion).toBeGreaterThan(1.4);
    expect(dispersion).toBeLessThan(3);
  });

  it('names repeat callers: some people call more than once', () => {
    const calls = new Map<string, number>();
    for (const r of plain.reports) if (r.callerId) calls.set(r.callerId, (calls.get(r.callerId) ?? 0) + 1);
    const repeaters = [...calls.values()].filter((n) => n > 1).length;
    expect(repeaters / calls.size).toBeGreaterThan(0.02);
    expect(repeaters / calls.size).toBeLessThan(0.2);
  });

  it('writes contract-shaped reports: ids per local day, +08:00 times, channels from the profile', () => {
    const ids = new Set<string>();
    const broken = plain.reports.filter((r) => {
      ids.add(r.id);
      return (
        !/^CD-\d{8}-\d{6}$/.test(r.id) ||
        r.id.slice(3, 11) !== localDay(r).replaceAll('-', '') ||
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/.test(r.receivedAt) ||
        clock.format(parseEventTime(r.receivedAt, clock)) !== r.receivedAt ||
        !profile.data.channels.includes(r.channel!)
      );
    });
    expect(broken.slice(0, 3)).toEqual([]);
    expect(ids.size).toBe(plain.reports.length);
  });
});

describe('generate: determinism', () => {
  it('writes byte-identical files for the same seed and different ones for another seed', async () => {
    const a = await generateInto('same-seed', 3);
    const b = await generateInto('same-seed', 3);
    const c = await generateInto('other-seed', 3);
    expect(b.feedText).toBe(a.feedText);
    expect(b.truthText).toBe(a.truthText);
    expect(c.feedText).not.toBe(a.feedText);
  });
});
