// Data for the store benchmarks: the synthetic Chengdu feed (no surges) as Reports, day by day, with the
// per-minute cell series the counting stage would emit for them.
import { normalizeReport } from '../engine/intake/normalize-report.ts';
import type { Report } from '../engine/intake/report.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { SyntheticFeed } from '../engine/generate/synthetic-feed.ts';
import { MINUTE_MS } from '../engine/time/event-time.ts';
import type { MinuteSeries } from '../engine/windows/minute-series.ts';

export interface BenchDay {
  readonly reports: Report[];
  readonly series: MinuteSeries[];
}

/** Minute series as the cell counter emits them: reports and distinct callers per minute and cell. */
export function minuteSeriesOf(reports: readonly Report[]): MinuteSeries[] {
  const minutes = new Map<
    number,
    Map<string, { district: string; topic: string; callers: Set<string>; ids: string[] }>
  >();
  for (const r of reports) {
    const minute = Math.floor(r.t / MINUTE_MS);
    const cells = minutes.get(minute) ?? new Map();
    minutes.set(minute, cells);
    const district = r.district ?? 'unknown';
    const topic = r.topic ?? 'unknown';
    const cell = cells.get(`${district}.${topic}`) ?? { district, topic, callers: new Set<string>(), ids: [] };
    cells.set(`${district}.${topic}`, cell);
    cell.callers.add(r.caller);
    cell.ids.push(r.id);
  }
  return [...minutes]
    .sort((a, b) => a[0] - b[0])
    .map(([minute, cells]) => ({
      minute,
      cells: [...cells.values()].map((c) => ({
        district: c.district,
        topic: c.topic,
        reports: c.ids.length,
        callers: [...c.callers].sort(),
        reportIds: c.ids,
      })),
    }));
}

/** `days` days of the Chengdu feed from local date `start`, one day at a time. */
export function* benchDays(start: string, days: number, seed = 'store-bench'): Generator<BenchDay> {
  const profile = loadProfile('chengdu');
  const feed = new SyntheticFeed({ profile, seed, days, start, surges: false });
  for (const batch of feed.batches()) {
    const reports = batch.reports.map((r) => normalizeReport(r, profile, feed.clock));
    yield { reports, series: minuteSeriesOf(reports) };
  }
}
