// The fictional 江川市 (test/fixtures/mailbox-city): its minimal profile loads as written, and its gazetteer, kept in
// a file of its own, places most of its letters — which name an estate or a street far more often than a district.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createEnricher } from '../engine/enrich/enricher.ts';
import { normalizeReport } from '../engine/intake/normalize-report.ts';
import { completeProfile, loadProfile, Profile } from '../engine/profile/city-profile.ts';
import { CityClock } from '../engine/time/event-time.ts';

const DIR = 'test/fixtures/mailbox-city';

/** Share of the feed's letters (none has a district field) that enrichment places in a district. */
function placedShare(profile: Profile): number {
  const clock = new CityClock(profile.timezone);
  const lines = readFileSync(`${DIR}/feed.ndjson`, 'utf8').split('\n').filter(Boolean);
  const reports = lines.map((l) => normalizeReport(JSON.parse(l), profile, clock));
  createEnricher(profile).enrichAll(reports);
  return reports.filter((r) => r.district !== null).length / reports.length;
}

describe('江川市, a city from a minimal profile', () => {
  it('loads its minimal profile with the defaults', () => {
    const { data } = loadProfile(`${DIR}/profile.json`);
    expect(data.districts).toHaveLength(9);
    expect(data.dailyVolume).toBe(900);
    expect(data.gazetteer).toEqual([]);
  });

  it('places about twice as many letters with its gazetteer (38% → 77% when measured)', () => {
    const json = JSON.parse(readFileSync(`${DIR}/profile.json`, 'utf8')) as object;
    const without = placedShare(new Profile(completeProfile(json, 'jiangchuan', DIR)));
    const withPlaces = placedShare(new Profile(completeProfile({ ...json, gazetteer: 'gazetteer.json' }, 'jc', DIR)));
    expect(without).toBeLessThan(0.45);
    expect(withPlaces).toBeGreaterThan(0.7);
  }, 60_000);
});
