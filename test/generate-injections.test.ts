// Injected surges and decoys of the synthetic feed, checked against truth.json; arrival order; text-only reports.
import { describe, expect, it, beforeAll } from 'vitest';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { CityClock, HOUR_MS, MINUTE_MS } from '../engine/time/event-time.ts';
import { normalizeReport, parseEventTime } from '../engine/intake/normalize-report.ts';
import { CellRates } from '../engine/generate/cell-rates.ts';
import { firstInjectionDay } from '../engine/generate/surge-plan.ts';
import { SURGE_KINDS, type TruthSurge } from '../engine/generate/truth.ts';
import type { IntakeReport } from '../schemas/intake-report.ts';
import { generateInto, type GeneratedFeed } from './support/generated-feed.ts';

const profile = loadProfile('chengdu');
const clock = new CityClock(profile.timezone);
const rates = new CellRates(profile, clock);
const time = (iso: string) => parseEventTime(iso, clock);
let g: GeneratedFeed;
let byId: Map<string, IntakeReport>;

beforeAll(async () => {
  g = await generateInto('injections-3', 12);
  byId = new Map(g.reports.map((r) => [r.id, r]));
});

const reportsOf = (s: { reportIds: string[] }) => s.reportIds.map((id) => byId.get(id)!);
const surgesOf = (kind: TruthSurge['kind']) => g.truth.surges.filter((s) => s.kind === kind);
const minutes = (s: { start: string; end: string }) => (time(s.end) - time(s.start)) / MINUTE_MS;
const code = (r: IntakeReport) => ({
  district: r.district ? profile.district(r.district)!.code : null,
  topic: r.topic ? profile.topic(r.topic)!.code : null,
});

describe('generate: injected surges', () => {
  it('injects every kind, 1–2 a day after day 1 of a short feed (after day 28 of a long one)', () => {
    expect(firstInjectionDay(42)).toBe(28);
    expect(firstInjectionDay(34)).toBe(1);
    expect(g.truth.injectFrom).toBe('2026-01-06T00:00:00+08:00');
    for (const kind of SURGE_KINDS) expect(surgesOf(kind).length).toBeGreaterThanOrEqual(2);
    expect(g.truth.surges.length).toBeGreaterThanOrEqual(11);
    expect(g.truth.surges.length).toBeLessThanOrEqual(22);
    for (const s of g.truth.surges) expect(time(s.start)).toBeGreaterThanOrEqual(time(g.truth.injectFrom));
  });

  it('records report ids that exist, carry the surge cell and fall inside its window', () => {
    for (const s of g.truth.surges) {
      const reports = reportsOf(s);
      expect(reports.every((r) => r !== undefined)).toBe(true);
      for (const r of reports) {
        const t = time(r.receivedAt);
        expect(t >= time(s.start) && t < time(s.end)).toBe(true);
        const c = code(r);
        if (c.topic) expect(c.topic).toBe(s.topic);
        if (c.district && s.district) expect(c.district).toBe(s.district);
      }
    }
  });

  it('incidents: 15–60 distinct people in 1–3 h about one place, front-loaded', () => {
    for (const s of surgesOf('incident')) {
      const reports = reportsOf(s);
      expect(s.people).toBeGreaterThanOrEqual(15);
      expect(s.people).toBeLessThanOrEqual(60);
      expect(new Set(reports.map((r) => r.callerId)).size).toBe(s.people);
      expect(minutes(s)).toBeGreaterThanOrEqual(60);
      expect(minutes(s)).toBeLessThanOrEqual(180);
      const placeName = s.place!.split(' ')[1];
      expect(reports.filter((r) => r.text.includes(placeName)).length).toBe(reports.length);
      const offsets = reports.map((r) => time(r.receivedAt) - time(s.start)).sort((a, b) => a - b);
      expect(offsets[Math.floor(offsets.length / 2)]).toBeLessThan((time(s.end) - time(s.start)) / 2);
    }
  });

  it('small incidents: 6–10 people in 30–90 min where the cell sees under one report an hour', () => {
    for (const s of surgesOf('small_incident')) {
      expect(new Set(reportsOf(s).map((r) => r.callerId)).size).toBe(s.people);
      expect(s.people).toBeGreaterThanOrEqual(6);
      expect(s.people).toBeLessThanOrEqual(10);
      expect(minutes(s)).toBeGreaterThanOrEqual(30);
      expect(minutes(s)).toBeLessThanOrEqual(90);
      expect(rates.peakHourly(rates.cellOf(s.district!, s.topic).index)).toBeLessThan(1);
    }
  });

  it('slow burns: one cell at 2–4× for 12–16 h, extra people matching the multiplier', () => {
    for (const s of surgesOf('slow_burn')) {
      expect(minutes(s)).toBeGreaterThanOrEqual(12 * 60);
      expect(minutes(s)).toBeLessThanOrEqual(16 * 60);
      expect(s.multiplier).toBeGreaterThanOrEqual(2);
      expect(s.multiplier).toBeLessThanOrEqual(4);
      const cell = rates.cellOf(s.district!, s.topic).index;
      const expected = rates.expectedBetween(cell, time(s.start), time(s.end)) * (s.multiplier! - 1);
      expect(expected / (s.multiplier! - 1)).toBeGreaterThanOrEqual(25);
      expect(Math.abs(s.people - expected)).toBeLessThan(4 * Math.sqrt(expected) + 2);
      expect(new Set(reportsOf(s).map((r) => r.callerId)).size).toBe(s.people);
    }
  });

  it('citywide shocks: one topic in (nearly) every district for 6–12 h, district null', () => {
    for (const s of surgesOf('citywide')) {
      expect(s.district).toBeNull();
      expect(minutes(s)).toBeGreaterThanOrEqual(6 * 60);
      expect(minutes(s)).toBeLessThanOrEqual(12 * 60);
      expect(s.multiplier).toBeGreaterThanOrEqual(2);
      expect(s.multiplier).toBeLessThanOrEqual(3);
      const districts = new Set(
        reportsOf(s)
          .map((r) => code(r).district)
          .filter((d) => d !== null),
      );
      expect(districts.size).toBeGreaterThanOrEqual(18);
    }
  });

  it('never overlaps two injections in one cell', () => {
    const spans = [...g.truth.surges, ...g.truth.decoys.filter((d) => d.kind === 'repeat_caller')].flatMap((s) => {
      const cells =
        s.district === null ? profile.districtCodes.map((d) => `${d}/${s.topic}`) : [`${s.district}/${s.topic}`];
      return cells.map((cell) => ({ cell, start: time(s.start), end: time(s.end), id: s.id }));
    });
    for (const a of spans)
      for (const b of spans) {
        if (a.id !== b.id && a.cell === b.cell) expect(a.end <= b.start || b.end <= a.start).toBe(true);
      }
  });
});

describe('generate: decoys', () => {
  it('a repeat caller calls 20 times within 2 h about one cell', () => {
    const repeats = g.truth.decoys.filter((d) => d.kind === 'repeat_caller');
    expect(repeats.length).toBeGreaterThanOrEqual(1);
    for (const d of repeats) {
      const reports = reportsOf(d);
      expect(reports).toHaveLength(20);
      expect(new Set(reports.map((r) => r.callerId))).toEqual(new Set([d.callerId]));
      expect(time(d.end) - time(d.start)).toBe(2 * HOUR_MS);
      for (const r of reports) {
        const c = code(r);
        if (c.district) expect(c).toEqual({ district: d.district, topic: d.topic });
      }
    }
  });

  it('morning peaks are citywide 3-hour morning windows with no extra reports', () => {
    const peaks = g.truth.decoys.filter((d) => d.kind === 'morning_peak');
    expect(peaks.length).toBe(3);
    for (const p of peaks) {
      expect(p.district).toBeNull();
      expect(p.reportIds).toEqual([]);
      expect(time(p.end) - time(p.start)).toBe(3 * HOUR_MS);
      expect(Number(p.start.slice(11, 13))).toBeGreaterThanOrEqual(7);
      expect(Number(p.end.slice(11, 13))).toBeLessThanOrEqual(13);
    }
  });
});

describe('generate: intake realism', () => {
  it('arrives a little out of order, never more than 90 s behind the newest event time', () => {
    let newest = -Infinity;
    let behind = 0;
    let worst = 0;
    for (const r of g.reports) {
      const t = time(r.receivedAt);
      if (t < newest) behind++;
      worst = Math.max(worst, newest - t);
      newest = Math.max(newest, t);
    }
    expect(worst).toBeLessThanOrEqual(90_000);
    expect(worst).toBeGreaterThan(30_000);
    expect(behind / g.reports.length).toBeGreaterThan(0.01);
    expect(behind / g.reports.length).toBeLessThan(0.3);
  });

  it('sends about 20% as text only, and those texts usually still name the district', () => {
    const textOnly = g.reports.filter((r) => r.district === undefined);
    expect(textOnly.every((r) => r.topic === undefined)).toBe(true);
    expect(textOnly.length / g.reports.length).toBeGreaterThan(0.18);
    expect(textOnly.length / g.reports.length).toBeLessThan(0.22);
    const names = profile.data.districts.flatMap((d) => [d.name, ...d.aliases, ...(d.landmarks ?? [])]);
    const named = textOnly.filter((r) => names.some((n) => r.text.includes(n))).length;
    expect(named / textOnly.length).toBeGreaterThan(0.7);
    expect(named / textOnly.length).toBeLessThan(0.95);
  });

  it('every line passes the intake contract and normalises (codes and Chinese names alike)', () => {
    const failures: string[] = [];
    for (const r of g.reports) {
      try {
        normalizeReport(r, profile, clock);
      } catch (err) {
        failures.push(`${r.id}: ${(err as Error).message}`);
      }
    }
    expect(failures.slice(0, 3)).toEqual([]);
    expect(
      g.reports.some((r) => typeof r.district === 'string' && profile.district(r.district)!.name === r.district),
    ).toBe(true);
  });
});
