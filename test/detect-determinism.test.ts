import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { backgroundFeed, byTime, inject } from './support/background-feed.ts';
import { runDetector } from './support/run-detector.ts';
import { profile } from './support/run-detector.ts';

const feed = byTime([
  ...backgroundFeed(profile, '2026-01-05T00:00:00+08:00', '2026-01-07T00:00:00+08:00', 'det'),
  ...inject(profile, {
    district: 'gaoxin',
    topic: 'property',
    start: '2026-01-06T10:00:00+08:00',
    minutes: 40,
    count: 30,
    prefix: 'inc',
  }),
  ...inject(profile, {
    district: 'pujiang',
    topic: 'public_safety',
    start: '2026-01-06T14:00:00+08:00',
    minutes: 30,
    count: 8,
    prefix: 'small',
  }),
]);

/** Move each report by up to `maxSeconds` of event time in arrival order, never past the lateness bound. */
function jitter(reports: typeof feed, maxSeconds: number, seed: string) {
  const rng = seedrandom(seed);
  const keyed = reports.map((r) => ({ r, key: Date.parse(r.receivedAt) + rng() * maxSeconds * 1000 }));
  return keyed.sort((a, b) => a.key - b.key).map((x) => x.r);
}

describe('decisions depend on event time only', () => {
  const reference = runDetector(feed).map((e) => JSON.stringify(e));

  it('the feed raises alerts at all (so the comparisons below mean something)', () => {
    expect(reference.filter((l) => l.includes('"alert.opened"')).length).toBeGreaterThanOrEqual(2);
  });

  it('the same input gives byte-identical output', () => {
    expect(runDetector(feed).map((e) => JSON.stringify(e))).toEqual(reference);
  });

  it('shuffling arrival within the lateness bound gives byte-identical output', () => {
    for (const seed of ['a', 'b', 'c']) {
      const shuffled = jitter(feed, 100, seed);
      expect(shuffled).not.toEqual(feed);
      expect(runDetector(shuffled).map((e) => JSON.stringify(e))).toEqual(reference);
    }
  });
});
