// Calendar arithmetic on local days (YYYY-MM-DD): the morning report compares a day with its neighbours.

import { DAY_MS } from '../time/event-time.ts';

const WEEKDAYS = ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];

/** The day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(day: string): number {
  return (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
}

/** 星期一 … 星期日. */
export const weekdayName = (day: string): string => WEEKDAYS[weekdayOf(day)];
