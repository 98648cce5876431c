// Local calendar days of a generated feed: where each day starts in the city's time zone and its weekday.
import { HOUR_MS, MINUTE_MS, type CityClock } from '../time/event-time.ts';

export interface FeedDay {
  /** 0-based position in the feed. */
  readonly index: number;
  /** Local date, YYYY-MM-DD. */
  readonly date: string;
  /** 0 = Monday … 6 = Sunday. */
  readonly weekday: number;
  /** Epoch ms of local midnight and of the next local midnight. */
  readonly start: number;
  readonly end: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.toISOString().slice(0, 10) === value;
}

/** Epoch ms of local midnight on `date` in the clock's time zone. */
export function localMidnight(date: string, clock: CityClock): number {
  return localTimeOn(date, 0, clock);
}

/**
 * Epoch ms of the local wall-clock time `minutes` after 00:00 on `date` (03:00 is 03:00 on a day the clocks change,
 * not three hours after midnight); a time the change skips comes out an hour off, as clocks show it.
 */
export function localTimeOn(date: string, minutes: number, clock: CityClock): number {
  const asUtc = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE_MS;
  const first = asUtc - clock.offsetMinutes(asUtc) * MINUTE_MS;
  return asUtc - clock.offsetMinutes(first) * MINUTE_MS;
}

/** The `days` consecutive local days starting on `startDate`. */
export function feedDays(startDate: string, days: number, clock: CityClock): FeedDay[] {
  const out: FeedDay[] = [];
  for (let i = 0; i < days; i++) {
    const utcNoon = Date.parse(`${startDate}T12:00:00Z`) + i * 24 * HOUR_MS;
    const date = new Date(utcNoon).toISOString().slice(0, 10);
    const next = new Date(utcNoon + 24 * HOUR_MS).toISOString().slice(0, 10);
    const weekday = (new Date(utcNoon).getUTCDay() + 6) % 7;
    out.push({ index: i, date, weekday, start: localMidnight(date, clock), end: localMidnight(next, clock) });
  }
  return out;
}

/** Local hour (0–23) of epoch time t. */
export function localHour(t: number, clock: CityClock): number {
  return new Date(t + clock.offsetMinutes(t) * MINUTE_MS).getUTCHours();
}
