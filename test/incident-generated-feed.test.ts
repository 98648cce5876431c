import { describe, expect, it } from 'vitest';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { CityClock, minuteOf } from '../engine/time/event-time.ts';
import { normalizeReport } from '../engine/intake/normalize-report.ts';
import type { Report } from '../engine/intake/report.ts';
import { createEnricher } from '../engine/enrich/enricher.ts';
import { IncidentTracker } from '../engine/incidents/incident-tracker.ts';
import type { AlertEvent } from '../schemas/alert-event.ts';
import { generateInto } from './support/generated-feed.ts';

const profile = loadProfile('chengdu');
const clock = new CityClock(profile.timezone);

describe('incident alerts on a generated feed', () => {
  it('finds the injected incidents, with their reports and nothing much else', async () => {
    const feed = await generateInto('incident-test', 7);
    const injected = feed.truth.surges.filter((s) => s.kind === 'incident' || s.kind === 'small_incident');
    expect(injected.length).toBeGreaterThan(0);
    // Only the days around the injections, to keep the test fast.
    const from = Math.min(...injected.map((s) => Date.parse(s.start))) - 6 * 3_600_000;
    const to = Math.max(...injected.map((s) => Date.parse(s.end))) + 2 * 3_600_000;
    const enricher = createEnricher(profile);
    const reports = feed.reports
      .map((value) => normalizeReport(value, profile, clock))
      .filter((r) => r.t >= from && r.t < to)
      .map((r) => enricher.enrich(r))
      .sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
    const tracker = new IncidentTracker({ profile, clock });
    const events: AlertEvent[] = [];
    let next = 0;
    for (let minute = minuteOf(from); minute <= minuteOf(to); minute++) {
      const batch: Report[] = [];
      while (next < reports.length && minuteOf(reports[next].t) === minute) batch.push(reports[next++]);
      events.push(...tracker.onMinute(minute, batch));
    }
    const alerted = new Map<string, Set<string>>();
    for (const e of events)
      alerted.set(e.alert.id, new Set([...(alerted.get(e.alert.id) ?? []), ...e.alert.reportIds]));
    for (const s of injected) {
      const best = Math.max(0, ...[...alerted.values()].map((ids) => s.reportIds.filter((id) => ids.has(id)).length));
      expect(best / s.reportIds.length, `${s.kind} ${s.district} ${s.place}`).toBeGreaterThanOrEqual(0.8);
    }
    const injectedIds = new Set(injected.flatMap((s) => s.reportIds));
    const inAlerts = [...alerted.values()].flatMap((ids) => [...ids]);
    expect(inAlerts.filter((id) => injectedIds.has(id)).length / inAlerts.length).toBeGreaterThanOrEqual(0.9);
    const opened = events.filter((e) => e.type === 'alert.opened');
    expect(
      opened.every((e) => e.alert.kind === 'incident' && e.alert.place && e.alert.summary.includes(e.alert.place)),
    ).toBe(true);
  });
});
