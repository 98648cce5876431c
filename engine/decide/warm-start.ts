// A new engine need not be blind for a month: replay stored hourly counts (series_1m rolled up by
// hour, see store.queries.hourlyCounts) into the baseline, exactly as if it had lived through them.
import { cellKey } from '../windows/minute-series.ts';
import { HOUR_MS, type CityClock } from '../time/event-time.ts';
import type { SeasonalBaseline } from './seasonal-baseline.ts';

export interface HourlyCount {
  readonly district: string;
  readonly topic: string;
  /** Epoch ms of the hour's start. */
  readonly hourStart: number;
  readonly reports: number;
  readonly callers: number;
}

/**
 * Teach `baseline` every hour in [from, until) and every local day fully inside it. `rows` hold only
 * cells that had calls; an hour or cell absent from them had none. Returns the days learned.
 * Empty policy: no rows → every hour is learned as zero calls (a city that was silent), so pass a range
 * the store actually covered.
 */
export function warmStartBaseline(
  baseline: SeasonalBaseline,
  clock: CityClock,
  rows: readonly HourlyCount[],
  from: number,
  until: number,
): number {
  const byHour = new Map<number, HourlyCount[]>();
  for (const r of rows) {
    if (r.hourStart < from || r.hourStart >= until) continue;
    byHour.set(r.hourStart, [...(byHour.get(r.hourStart) ?? []), r]);
  }
  let days = 0;
  let day = new Map<string, number>();
  let dayTotal = 0;
  let dayStart: number | null = null;
  for (let h = Math.ceil(from / HOUR_MS) * HOUR_MS; h < until; h += HOUR_MS) {
    const localHour = clock.hourOfWeek(h) % 24;
    if (localHour === 0) {
      dayStart = h;
      day = new Map();
      dayTotal = 0;
    }
    const hourRows = byHour.get(h) ?? [];
    const total = hourRows.reduce((a, r) => a + r.callers, 0);
    baseline.learnHour(clock.hourOfWeek(h), total);
    for (const r of hourRows)
      day.set(cellKey(r.district, r.topic), (day.get(cellKey(r.district, r.topic)) ?? 0) + r.callers);
    dayTotal += total;
    if (localHour === 23 && dayStart !== null) {
      baseline.learnDay(day, dayTotal);
      days++;
    }
  }
  return days;
}
