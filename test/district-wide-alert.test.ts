// Issue 18: a district-wide busy day is one district alert (topic null), read against the rest of the city, with a
// breadth check: raised when every topic of a district rises together, never for one topic's surge, never on a
// citywide busy day, never for reports nothing placed (未定位).
import { describe, expect, it } from 'vitest';
import { DECIDER_OPTION_DOCS, resolveDeciderOptions } from '../engine/decide/decider-options.ts';
import { Decider } from '../engine/decide/decider.ts';
import { normalizeReport } from '../engine/intake/normalize-report.ts';
import { MINUTE_MS } from '../engine/time/event-time.ts';
import { CellCounter } from '../engine/windows/cell-counter.ts';
import type { MinuteSeries } from '../engine/windows/minute-series.ts';
import { backgroundFeed, byTime } from './support/background-feed.ts';
import { clock, opened, profile, runDetector } from './support/run-detector.ts';

const FROM = '2026-01-05T00:00:00+08:00';
const TO = '2026-01-07T00:00:00+08:00';
const BUSY_FROM = '2026-01-06T08:00:00+08:00';
const BUSY_TO = '2026-01-06T20:00:00+08:00';
const district = 'jinjiang';

/** Extra reports at `scale` × the prior rate in the busy hours: of one district, or everywhere when `where` is null. */
const extra = (seed: string, scale: number, where: string | null, topics?: string[]) =>
  backgroundFeed(profile, BUSY_FROM, BUSY_TO, seed, scale, topics).filter(
    (r) => where === null || r.district === where,
  );

describe('district alert kind (issue 18)', () => {
  const background = backgroundFeed(profile, FROM, TO, 'district-wide');
  const run = (added: ReturnType<typeof extra>) => opened(runDetector(byTime([...background, ...added])));
  const none = run([]);

  it('the background alone opens no district alert', () => {
    expect(none.filter((a) => a.kind === 'district')).toEqual([]);
  });

  it('every topic of one district at twice its rate raises one district alert, topic null, its topics listed', () => {
    const alerts = run(extra('busy', 1, district)).filter((a) => a.kind === 'district');
    expect(alerts).toHaveLength(1);
    const [a] = alerts;
    expect(a).toMatchObject({ district, topic: null, detector: 'district-wide' });
    expect(a.id).toMatch(/^district-jinjiang-20260106\d{4}$/);
    expect(a.ratio).toBeGreaterThanOrEqual(1.5);
    expect(a.topics!.length).toBeGreaterThanOrEqual(5);
    expect(a.topics!.every((t) => profile.topic(t) !== undefined)).toBe(true);
    expect(a.summary).toMatch(
      /^锦江区 各类诉求普遍上升：\d+(分钟|小时)内\d+人反映\d+件，往常约[\d.]+人（[\d.]+倍）；\d+类问题高于往常，p=/,
    );
  });

  it('one topic of the district at six times its rate is a surge of that topic, not a district alert', () => {
    const alerts = run(extra('rise', 5, district, ['traffic']));
    expect(alerts.filter((a) => a.kind === 'district')).toEqual([]);
    expect(alerts.some((a) => a.kind === 'surge' && a.district === district && a.topic === 'traffic')).toBe(true);
  });

  it('the whole city at 1.6 times its rate raises no district alert: the rest of the city explains it', () => {
    expect(run(extra('city', 0.6, null)).filter((a) => a.kind === 'district')).toEqual([]);
  });

  it('reports no district settled (未定位) never make a district alert', () => {
    const unplaced = extra('unplaced', 1, district).map((r) => ({ ...r, id: `u-${r.id}`, district: 'unknown' }));
    expect(run(unplaced).filter((a) => a.kind === 'district')).toEqual([]);
  });

  it('changes no other alert: the same feed without the district test gives every other event byte for byte', () => {
    const feed = byTime([...background, ...extra('busy', 1, district), ...extra('rise', 3, district, ['noise'])]);
    const withIt = runDetector(feed).filter((e) => e.alert.kind !== 'district');
    const without = runDetector(feed, {
      districtWide: { ...resolveDeciderOptions(undefined).districtWide, minTopics: 99 },
    });
    expect(withIt.length).toBeGreaterThan(0);
    expect(JSON.stringify(withIt)).toBe(JSON.stringify(without));
  });

  it('a decider restored through JSON in the middle of the busy day carries its district alert on exactly', () => {
    const series: MinuteSeries[] = [];
    const counter = new CellCounter({ onMinute: (m) => series.push(m) });
    for (const r of byTime([...background, ...extra('busy', 1, district)]))
      counter.ingest(normalizeReport(r, profile, clock));
    counter.flush();
    const straight = new Decider(profile, clock);
    const expected = series.flatMap((m) => straight.onMinute(m));
    const cutMinute = Date.parse('2026-01-06T15:00:00+08:00') / MINUTE_MS;
    const cut = series.findIndex((m) => m.minute >= cutMinute);
    const first = new Decider(profile, clock);
    const before = series.slice(0, cut).flatMap((m) => first.onMinute(m));
    expect(before.some((e) => e.type === 'alert.opened' && e.alert.kind === 'district')).toBe(true);
    const resumed = new Decider(profile, clock, {}, JSON.parse(JSON.stringify(first.state())));
    const after = series.slice(cut).flatMap((m) => resumed.onMinute(m));
    expect([...before, ...after]).toEqual(expected);
    expect(after.some((e) => e.alert.kind === 'district')).toBe(true);
  });

  it('its gates are options: lizheng options lists them, --set and the profile set them', () => {
    expect(Object.keys(DECIDER_OPTION_DOCS).filter((k) => k.startsWith('districtWide.'))).toEqual([
      'districtWide.p',
      'districtWide.dispersion',
      'districtWide.minRatio',
      'districtWide.minExcess',
      'districtWide.minTopics',
      'districtWide.maxTopicShare',
      'districtWide.followRatio',
      'districtWide.everyMinutes',
    ]);
    const o = resolveDeciderOptions({ 'districtWide.minTopics': 8 }, { districtWide: { p: 1e-7 } });
    expect(o.districtWide).toMatchObject({ minTopics: 8, p: 1e-7, minRatio: 1.5 });
    const strict = run(extra('busy', 1, district));
    const off = opened(
      runDetector(byTime([...background, ...extra('busy', 1, district)]), {
        districtWide: { ...o.districtWide, minTopics: 99 },
      }),
    );
    expect(strict.some((a) => a.kind === 'district')).toBe(true);
    expect(off.filter((a) => a.kind === 'district')).toEqual([]);
  });
});
