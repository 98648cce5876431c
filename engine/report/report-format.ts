// How the report writes numbers, changes, durations and times for Chinese readers: 6,012 件, 12.3%, ▲▼ arrows,
// 09:14 on the city's clock, 12月8日, so every section says them the same way.

const INTEGER = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

/** Which way a figure moved; null: nothing to compare with. */
export type Trend = 'up' | 'down' | 'flat';

/** A change as printed, with its direction so the HTML can colour the arrow. */
export interface Change {
  readonly trend: Trend | null;
  readonly text: string;
}

/** Shown wherever a comparison day had no data at all. */
export const NO_DATA = '无数据';

/** Changes smaller than this (relative) read as 持平 rather than as an arrow and 0.0%. */
const FLAT = 0.0005;

/** 6012 → "6,012". */
export function formatInt(n: number): string {
  return INTEGER.format(Math.round(n));
}

/** 0.1234 → "12.3%". */
export function formatPercent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** One decimal, dropping a trailing ".0": 4.0 → "4", 4.25 → "4.3". */
export function formatDecimal(n: number): string {
  return String(Number(n.toFixed(1)));
}

/** Which way a change went; within FLAT of zero (only a relative change gets so close) it is flat. */
function trendOf(delta: number): Trend {
  if (Math.abs(delta) < FLAT) return 'flat';
  return delta > 0 ? 'up' : 'down';
}

const ARROW: Readonly<Record<Trend, string>> = { up: '▲', down: '▼', flat: '' };

/** A count against another day's: "▲ 312 件（5.5%）", "持平", or 无数据 when that day had no data. */
export function countChange(current: number, other: number | null, unit: string): Change {
  if (other === null) return { trend: null, text: NO_DATA };
  const delta = current - other;
  if (delta === 0) return { trend: 'flat', text: '持平' };
  const trend = trendOf(delta);
  const relative = other > 0 ? `（${formatPercent(Math.abs(delta) / other)}）` : '';
  return { trend, text: `${ARROW[trend]} ${formatInt(Math.abs(delta))} ${unit}${relative}` };
}

/** A relative change (0.123 = +12.3%): "▲ 12.3%", "持平", or 无数据 for null. */
export function relativeChange(change: number | null): Change {
  if (change === null) return { trend: null, text: NO_DATA };
  const trend = trendOf(change);
  if (trend === 'flat') return { trend, text: '持平' };
  return { trend, text: `${ARROW[trend]} ${formatPercent(Math.abs(change))}` };
}

/** Minutes as people say them: "—" (not done), "38 分钟", "5.2 小时", "3.1 天". */
export function formatDuration(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 120) return `${formatInt(minutes)} 分钟`;
  if (minutes < 2 * 24 * 60) return `${formatDecimal(minutes / 60)} 小时`;
  return `${formatDecimal(minutes / (24 * 60))} 天`;
}

/** "2026-12-08" → [2026, 12, 8]. */
function dayParts(day: string): [number, number, number] {
  const [year, month, date] = day.split('-').map(Number);
  return [year, month, date];
}

/** "2026-12-08" → "2026年12月8日". */
export function dayLabel(day: string): string {
  const [year, month, date] = dayParts(day);
  return `${year}年${month}月${date}日`;
}

/** "2026-12-08" → "12月8日". */
export function monthDay(day: string): string {
  const [, month, date] = dayParts(day);
  return `${month}月${date}日`;
}

/** Days as a compact run, grouped by month: "11月12、15、21日，12月2、8日". */
export function compactDates(days: readonly string[]): string {
  const byMonth = new Map<string, number[]>();
  for (const day of [...days].sort()) {
    const [year, month, date] = dayParts(day);
    const key = `${year}-${month}`;
    byMonth.set(key, [...(byMonth.get(key) ?? []), date]);
  }
  return [...byMonth].map(([key, dates]) => `${key.split('-')[1]}月${dates.join('、')}日`).join('，');
}

/** The local day (YYYY-MM-DD) and clock time (HH:mm) of an instant on the city's clock. */
export function localTime(iso: string, timeZone: string): { day: string; clock: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: `${part('year')}-${part('month')}-${part('day')}`, clock: `${part('hour')}:${part('minute')}` };
}

/** An instant as HH:mm when it falls on `day`, else with its date in front ("12月7日 22:10"). */
export function timeOnDay(iso: string, day: string, timeZone: string): string {
  const local = localTime(iso, timeZone);
  return local.day === day ? local.clock : `${monthDay(local.day)} ${local.clock}`;
}
