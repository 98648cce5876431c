// Sums an hourly expectation over the minutes of a trailing window, an hour-of-week segment at a time.
import { HOUR_MS, MINUTE_MS, type CityClock } from '../time/event-time.ts';

/**
 * Expected count in the `minutes` minutes ending with minute `last` (inclusive), given a rate per hour
 * that depends only on the hour of week.
 */
export function windowExpectation(
  clock: CityClock,
  last: number,
  minutes: number,
  hourlyRate: (hourOfWeek: number) => number,
): number {
  let total = 0;
  let from = (last - minutes + 1) * MINUTE_MS;
  const end = (last + 1) * MINUTE_MS;
  while (from < end) {
    const offset = clock.offsetMinutes(from) * MINUTE_MS;
    const nextHour = Math.min(end, Math.floor((from + offset) / HOUR_MS + 1) * HOUR_MS - offset);
    total += (hourlyRate(clock.hourOfWeek(from)) * (nextHour - from)) / HOUR_MS;
    from = nextHour;
  }
  return total;
}
