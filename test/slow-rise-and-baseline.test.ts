import { describe, expect, it } from 'vitest';
import { backgroundFeed, byTime } from './support/background-feed.ts';
import { clock, opened, profile, runDetector } from './support/run-detector.ts';
import { SeasonalBaseline } from '../engine/decide/seasonal-baseline.ts';
import { DEFAULT_DECIDER_OPTIONS } from '../engine/decide/decider-options.ts';
import { Decider } from '../engine/decide/decider.ts';
import { SlowRise } from '../engine/decide/slow-rise.ts';
import { CellCounter } from '../engine/windows/cell-counter.ts';
import { normalizeReport } from '../engine/intake/normalize-report.ts';
import type { MinuteSeries } from '../engine/windows/minute-series.ts';

describe('slow rise', () => {
  const options = DEFAULT_DECIDER_OPTIONS.slowRise;

  it('alarms on hours at 2.5× expected once the run is both sustained and significant, not before', () => {
    const rise = new SlowRise(options);
    const found = [];
    for (let h = 0; h < 12; h++) found.push(rise.step('xindu.traffic', 5, 2));
    const first = found.findIndex((f) => f !== null);
    expect(first).toBeGreaterThanOrEqual(3);
    expect(found[first]).toMatchObject({ observed: expect.any(Number), expected: expect.any(Number) });
    expect(found[first]!.pValue).toBeLessThanOrEqual(options.maxP);
    expect(found[first]!.observed / found[first]!.expected).toBeGreaterThanOrEqual(options.minRatio);
  });

  it(
    'restored from its state through JSON ([observed, expected] per hour) finds the same rises as an uninterrupted ' +
      'run',
    () => {
      const hours = Array.from({ length: 30 }, (_, h) => [h < 8 ? 2 : 6, 2.2 + (h % 5) * 0.1] as const);
      const straight = new SlowRise(options);
      const expected = hours.map(([x, e]) => straight.step('xindu.traffic', x, e));
      const first = new SlowRise(options);
      const before = hours.slice(0, 10).map(([x, e]) => first.step('xindu.traffic', x, e));
      const state = JSON.parse(JSON.stringify(first.state()));
      expect(state[0][1].hours.at(-1)).toEqual([6, 2.2 + 4 * 0.1]);
      const resumed = new SlowRise(options, state);
      const after = hours.slice(10).map(([x, e]) => resumed.step('xindu.traffic', x, e));
      expect([...before, ...after]).toEqual(expected);
      expect(expected.some((f) => f !== null)).toBe(true);
    },
  );

  it('stays silent on a day that is busy but within day-to-day variation (1.4×)', () => {
    const rise = new SlowRise(options);
    for (let h = 0; h < 24; h++) expect(rise.step('xindu.traffic', h % 2 ? 3 : 4, 2.5)).toBeNull();
  });

  it(
    'in the engine: one busy cell at 2.5× for twelve hours ' + 'adds exactly one surge, in that cell, during the rise',
    () => {
      const background = backgroundFeed(profile, '2026-01-05T00:00:00+08:00', '2026-01-07T00:00:00+08:00', 'slow2');
      const rise = backgroundFeed(profile, '2026-01-06T07:00:00+08:00', '2026-01-06T19:00:00+08:00', 'rise', 1.5, [
        'traffic',
      ]).filter((r) => r.district === 'xindu');
      const without = opened(runDetector(byTime(background))).map((a) => a.id);
      const alerts = opened(runDetector(byTime([...background, ...rise])));
      const added = alerts.filter((a) => !without.includes(a.id));
      expect(added.map((a) => [a.kind, a.district, a.topic])).toEqual([['surge', 'xindu', 'traffic']]);
      expect(Date.parse(added[0].openedAt)).toBeGreaterThan(Date.parse('2026-01-06T07:00:00+08:00'));
      expect(Date.parse(added[0].openedAt)).toBeLessThan(Date.parse('2026-01-06T19:00:00+08:00'));
    },
  );
});

describe('seasonal baseline', () => {
  const options = DEFAULT_DECIDER_OPTIONS.baseline;

  it('starts from the profile: a cell expects city rate × district weight × topic share', () => {
    const b = new SeasonalBaseline(profile, options);
    const weights = profile.data.districts.reduce((a, d) => a + d.weight, 0);
    const gaoxin = profile.district('gaoxin')!.weight / weights;
    expect(b.shareOf('gaoxin.property')).toBeCloseTo(gaoxin * profile.topic('property')!.share, 10);
    const monday10 = 10;
    const shapeSum = profile.data.hourShape.reduce((a, x) => a + x, 0);
    expect(b.cityHourly(monday10)).toBeCloseTo(
      (profile.data.dailyVolume * profile.data.weekdayFactors[0] * profile.data.hourShape[10]) / shapeSum,
      6,
    );
  });

  it('learns a cell that runs at twice its prior, shrunk toward the prior while days are few', () => {
    const b = new SeasonalBaseline(profile, options);
    const prior = b.shareOf('gaoxin.property');
    const day = (share: number) => new Map([['gaoxin.property', Math.round(share * 6000)]]);
    b.learnDay(day(prior * 1.6), 6000);
    const afterOne = b.shareOf('gaoxin.property');
    expect(afterOne).toBeGreaterThan(prior);
    expect(afterOne).toBeLessThan(prior * 1.6);
    for (let i = 0; i < 40; i++) b.learnDay(day(prior * 1.6), 6000);
    expect(b.shareOf('gaoxin.property') / prior).toBeGreaterThan(1.45);
  });

  it('caps what one surge day teaches (winsorised), so a surge does not become the norm', () => {
    const b = new SeasonalBaseline(profile, options);
    const prior = b.shareOf('gaoxin.property');
    b.learnDay(new Map([['gaoxin.property', Math.round(prior * 6000 * 20)]]), 6000);
    expect(b.shareOf('gaoxin.property') / prior).toBeLessThan(1.4);
  });
});

describe('decider checkpoints', () => {
  it('a decider restored from its state through JSON continues exactly as the original', () => {
    // A busy city (1.3×, which its districts' other topics explain) and one cell rising within it: alerts to carry over.
    const feed = byTime([
      ...backgroundFeed(profile, '2026-01-05T00:00:00+08:00', '2026-01-07T12:00:00+08:00', 'snap', 1.3),
      ...backgroundFeed(profile, '2026-01-06T07:00:00+08:00', '2026-01-06T19:00:00+08:00', 'rise', 2, [
        'traffic',
      ]).filter((r) => r.district === 'xindu'),
    ]);
    const series: MinuteSeries[] = [];
    const counter = new CellCounter({ onMinute: (s) => series.push(s) });
    for (const r of feed) counter.ingest(normalizeReport(r, profile, clock));
    counter.flush();
    const straight = new Decider(profile, clock);
    const expected = series.flatMap((s) => straight.onMinute(s));
    const cut = Math.floor(series.length * 0.6);
    const first = new Decider(profile, clock);
    const before = series.slice(0, cut).flatMap((s) => first.onMinute(s));
    const resumed = new Decider(profile, clock, {}, JSON.parse(JSON.stringify(first.state())));
    const after = series.slice(cut).flatMap((s) => resumed.onMinute(s));
    expect(expected.length).toBeGreaterThan(0);
    expect([...before, ...after]).toEqual(expected);
  });
});
