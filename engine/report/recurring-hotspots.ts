// 反复出现的热点: cells and places that alerted on several of the last 30 days, candidates for a root-cause
// programme (the seed's 每月一题) rather than one more dispatch.
import type { Hotspot } from '../../schemas/morning-report.ts';
import type { ReportNames } from './report-names.ts';

/** One stored alert, reduced to where and which local day it opened. */
export interface AlertPlace {
  readonly kind: string;
  readonly district: string | null;
  readonly topic: string | null;
  readonly place: string | null;
  /** Local day it opened, YYYY-MM-DD. */
  readonly day: string;
}

/**
 * Places (incident alerts) and cells (surge alerts) with alerts on at least `minDays` distinct days, most days
 * first. `names` turns district and topic codes into what people read.
 */
export function recurringHotspots(alerts: readonly AlertPlace[], names: ReportNames, minDays = 3): Hotspot[] {
  const groups = new Map<
    string,
    { hotspot: Omit<Hotspot, 'days' | 'dates' | 'alerts'>; days: Set<string>; n: number }
  >();
  for (const a of alerts) {
    const isPlace = a.kind === 'incident' && a.place !== null;
    if (!isPlace && a.kind !== 'surge') continue;
    const key = isPlace ? `place|${a.district}|${a.place}` : `cell|${a.district}|${a.topic}`;
    let g = groups.get(key);
    if (!g) {
      const title = isPlace ? `${names.district(a.district)}·${a.place}` : names.cell(a.district, a.topic);
      g = {
        hotspot: {
          kind: isPlace ? 'place' : 'cell',
          title,
          district: a.district,
          topic: isPlace ? null : a.topic,
          place: isPlace ? a.place : null,
        },
        days: new Set(),
        n: 0,
      };
      groups.set(key, g);
    }
    g.days.add(a.day);
    g.n++;
  }
  return [...groups.values()]
    .filter((g) => g.days.size >= minDays)
    .map((g) => ({ ...g.hotspot, days: g.days.size, dates: [...g.days].sort(), alerts: g.n }))
    .sort((a, b) => b.days - a.days || b.alerts - a.alerts || a.title.localeCompare(b.title));
}
