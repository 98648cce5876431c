// Another city is one JSON file away: generate with a small custom profile, a topic the phrase book lacks, and DST.
import { describe, expect, it, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { CityClock } from '../engine/time/event-time.ts';
import { normalizeReport } from '../engine/intake/normalize-report.ts';
import { SyntheticFeed } from '../engine/generate/synthetic-feed.ts';
import { writeFeed } from '../engine/generate/write-feed.ts';
import { idPrefix } from '../engine/generate/report-ids.ts';
import type { IntakeReport } from '../schemas/intake-report.ts';

const dir = mkdtempSync(join(tmpdir(), 'profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const custom = {
  city: '柏林',
  code: 'berlin',
  timezone: 'Europe/Berlin',
  dailyVolume: 800,
  hourShape: [
    0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.5, 2, 2, 1.9, 1.4, 1.3, 1.8, 1.9, 1.8, 1.6, 1.2, 1.1, 1, 0.9, 0.7, 0.4,
  ],
  weekdayFactors: [1, 1, 1, 1, 1, 0.6, 0.5],
  channels: ['phone', 'web'],
  districts: [
    { code: 'mitte', name: '米特区', aliases: ['米特'], weight: 3 },
    { code: 'kreuzberg', name: '十字山区', aliases: [], weight: 2 },
  ],
  topics: [
    { code: 'housing', name: '住房', unit: '住房局', share: 0.6, aliases: [] },
    { code: 'bicycles', name: '自行车', unit: '交通局', share: 0.4, aliases: [] },
  ],
};

describe('generate with a custom profile', () => {
  it('writes valid reports for a city with daylight saving time and a topic the phrase book lacks', async () => {
    const file = join(dir, 'berlin.json');
    writeFileSync(file, JSON.stringify(custom));
    const profile = loadProfile(file);
    const clock = new CityClock(profile.timezone);
    // 2026-03-29 is the spring-forward day in Berlin: a 23-hour day.
    const feed = new SyntheticFeed({ profile, seed: 'b', days: 3, start: '2026-03-28', surges: true });
    await writeFeed(feed, join(dir, 'out'));
    const reports = readFileSync(join(dir, 'out', 'feed.ndjson'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as IntakeReport);
    expect(reports.length).toBeGreaterThan(1200);
    for (const r of reports) normalizeReport(r, profile, clock);
    expect(reports.every((r) => /^BE-\d{8}-\d{6}$/.test(r.id))).toBe(true);
    expect(reports.every((r) => r.id.slice(3, 11) === r.receivedAt.slice(0, 10).replaceAll('-', ''))).toBe(true);
    expect(reports.some((r) => r.receivedAt.endsWith('+01:00'))).toBe(true);
    expect(reports.some((r) => r.receivedAt.endsWith('+02:00'))).toBe(true);
    expect(reports.some((r) => r.topic === 'bicycles' && r.text.includes('自行车'))).toBe(true);
    const truth = JSON.parse(readFileSync(join(dir, 'out', 'truth.json'), 'utf8'));
    expect(truth.profile).toBe('berlin');
    expect(truth.start).toBe('2026-03-28T00:00:00+01:00');
    expect(truth.end).toBe('2026-03-31T00:00:00+02:00');
  });

  it('derives report id prefixes from pinyin city codes', () => {
    expect(idPrefix('chengdu')).toBe('CD');
    expect(idPrefix('shanghai')).toBe('SH');
    expect(idPrefix('berlin')).toBe('BE');
  });
});
