// Issue 18: every detector and incident threshold is an option, from the profile's `detector` and then --set.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../schemas/alert-event.ts';
import { resolveDeciderOptions } from '../engine/decide/decider-options.ts';
import { Decider } from '../engine/decide/decider.ts';
import { tuneOptions } from '../engine/decide/tune-options.ts';
import { documentedOptions } from '../engine/cli/options-command.ts';
import { createEnricher } from '../engine/enrich/enricher.ts';
import { IncidentTracker } from '../engine/incidents/incident-tracker.ts';
import type { Report } from '../engine/intake/report.ts';
import { loadProfile, Profile } from '../engine/profile/city-profile.ts';
import { CityClock, MINUTE_MS } from '../engine/time/event-time.ts';
import { backgroundFeed, BIG_INCIDENT, byTime, inject } from './support/background-feed.ts';
import { runLizheng } from './support/lizheng-process.ts';
import { profile as chengdu } from './support/run-detector.ts';

const mailbox = loadProfile('test/fixtures/mailbox-city/profile.json');
const clock = new CityClock(mailbox.timezone);
const withDetector = (detector: Record<string, number | string | boolean>) =>
  new Profile({ ...mailbox.data, detector });

describe('detector settings (issue 18)', () => {
  it('lists the surge, day-scale, district and incident options with --set keys', () => {
    const keys = documentedOptions().map((o) => o.key);
    for (const key of [
      'followRatio',
      'followP',
      'days.windows',
      'days.maxPerDay',
      'district.minRatio',
      'incidents.threshold',
      'incidents.openWindowMinutes',
      'incidents.windowMinutes',
      'incidents.quietMinutes',
      'incidents.fullScalePerDay',
      'baseline.rescaleBeyond',
    ])
      expect(keys).toContain(key);
  });

  it('takes the defaults, then the profile, then --set; a --set of one key of a group keeps the profile’s others', () => {
    const profile = withDetector({ 'slowRise.maxP': 1e-4, 'incidents.threshold': 4, fdr: 0.02 });
    const o = resolveDeciderOptions(profile.data.detector, tuneOptions(['slowRise.shift=3', 'fdr=0.05']));
    expect(o.slowRise).toMatchObject({ maxP: 1e-4, shift: 3, threshold: 6 });
    expect(o.fdr).toBe(0.05);
    expect(o.incidents.threshold).toBe(4);
    expect(new Decider(profile, clock, tuneOptions(['incidents.threshold=5'])).options.incidents.threshold).toBe(5);
  });

  it('takes list-valued settings (windows) from a profile file, checked as --set checks them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lizheng-detector-'));
    const fixture = JSON.parse(readFileSync('test/fixtures/mailbox-city/profile.json', 'utf8'));
    const write = (detector: unknown) => {
      const file = join(dir, `p-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, JSON.stringify({ ...fixture, detector }));
      return file;
    };
    try {
      const profile = loadProfile(write({ windows: [60, 240, 720], 'days.windows': [1, 7, 28] }));
      const o = resolveDeciderOptions(profile.data.detector, tuneOptions([]));
      expect(o.windows).toEqual([60, 240, 720]);
      expect(o.days.windows).toEqual([1, 7, 28]);
      expect(() => loadProfile(write({ windows: [30, 45] }))).toThrow(/\/detector\/windows the longest window must be/);
      expect(() => loadProfile(write({ windows: 60 }))).toThrow(/\/detector\/windows expected array, got 60/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const enricher = createEnricher(mailbox);
  const T0 = Date.parse('2026-03-02T00:00:00+08:00') / MINUTE_MS;
  /** A feed of `perDay` letters a day for `days` days, plus one letter a day about one site from day `from` on. */
  function letters(days: number, perDay: number, from: number): Report[] {
    const out: Report[] = [];
    for (let d = 0; d < days; d++)
      for (let k = 0; k <= perDay; k++) {
        const site = k === perDay;
        if (site && d < from) continue;
        const id = `m-${d}-${k}`;
        const t = (T0 + d * 1440 + 540 + k * 37) * MINUTE_MS;
        const text = site
          ? `举报宏达混凝土搅拌站夜间生产，噪音粉尘扰民（第${d}封）`
          : `咨询社保卡补办流程第${d}-${k}号`;
        out.push(
          enricher.enrich({
            id,
            t,
            district: 'baisha',
            topic: site ? 'noise' : 'social_insurance',
            caller: `c:${id}`,
            text,
            channel: 'mailbox',
            raw: { id, receivedAt: clock.format(t), text },
          }),
        );
      }
    return out;
  }
  function track(reports: readonly Report[], tracker: IncidentTracker): AlertEvent[] {
    const byMinute = new Map<number, Report[]>();
    for (const r of reports) {
      const m = Math.floor(r.t / MINUTE_MS);
      byMinute.set(m, [...(byMinute.get(m) ?? []), r]);
    }
    return [...byMinute].sort((a, b) => a[0] - b[0]).flatMap(([m, rs]) => tracker.onMinute(m, rs));
  }

  it('a place six people write about over six days is an incident in a mailbox of ten letters a day', () => {
    const opened = track(letters(20, 10, 10), new IncidentTracker({ profile: mailbox, clock })).filter(
      (e) => e.type === 'alert.opened',
    );
    expect(opened.map((e) => [e.alert.kind, e.alert.district, e.alert.place])).toEqual([
      ['incident', 'baisha', '宏达混凝土搅拌站'],
    ]);
  });

  it('a feed as busy as a city hotline keeps its spans in minutes, and the profile can set them', () => {
    const busy = new IncidentTracker({ profile: withDetector({ 'incidents.fullScalePerDay': 1 }), clock });
    expect(track(letters(20, 10, 10), busy).filter((e) => e.type === 'alert.opened')).toEqual([]);
  });
});

describe('the detector family from the profile (issue 18)', () => {
  it('detect follows the profile’s detector.detector unless --detector is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lizheng-family-'));
    try {
      const feed = byTime([
        ...backgroundFeed(chengdu, '2026-01-05T00:00:00+08:00', '2026-01-07T00:00:00+08:00', 'bg'),
        ...inject(chengdu, BIG_INCIDENT),
      ]);
      const input = join(dir, 'feed.ndjson');
      writeFileSync(input, feed.map((r) => JSON.stringify(r)).join('\n'));
      const profileFile = join(dir, 'ears.json');
      writeFileSync(profileFile, JSON.stringify({ ...chengdu.data, detector: { detector: 'ears' } }));
      const detectorsOf = async (...flags: string[]) => {
        const { stdout } = await runLizheng([
          'detect',
          '--input',
          input,
          '--profile',
          profileFile,
          '--enrich',
          'none',
          '--no-progress',
          ...flags,
        ]);
        const alerts = stdout
          .trim()
          .split('\n')
          .map((l) => (JSON.parse(l) as AlertEvent).alert);
        return new Set(alerts.filter((a) => a.district === 'gaoxin').map((a) => a.detector));
      };
      expect(await detectorsOf()).toEqual(new Set(['ears-c3']));
      expect(await detectorsOf('--detector', 'default')).not.toContain('ears-c3');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
