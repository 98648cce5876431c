import { describe, expect, it } from 'vitest';
import { warmStartBaseline, type HourlyCount } from '../engine/decide/warm-start.ts';
import { SeasonalBaseline } from '../engine/decide/seasonal-baseline.ts';
import { DEFAULT_DECIDER_OPTIONS } from '../engine/decide/decider-options.ts';
import { clock, profile } from './support/run-detector.ts';

const HOUR = 3_600_000;
const from = Date.parse('2026-01-05T00:00:00+08:00');

/** Four weeks where gaoxin×property runs at 3× its prior share and the city at its prior volume. */
function history(): HourlyCount[] {
  const fresh = new SeasonalBaseline(profile, DEFAULT_DECIDER_OPTIONS.baseline);
  const rows: HourlyCount[] = [];
  for (let h = from; h < from + 28 * 24 * HOUR; h += HOUR) {
    const city = fresh.cityHourly(clock.hourOfWeek(h));
    const gaoxin = Math.round(3 * city * fresh.shareOf('gaoxin.property'));
    rows.push({ district: 'gaoxin', topic: 'property', hourStart: h, reports: gaoxin, callers: gaoxin });
    rows.push({
      district: 'wuhou',
      topic: 'traffic',
      hourStart: h,
      reports: Math.round(city) - gaoxin,
      callers: Math.round(city) - gaoxin,
    });
  }
  return rows;
}

describe('warm start from stored hourly counts', () => {
  it('learns every full local day and moves a cell that ran at 3× most of the way there', () => {
    const b = new SeasonalBaseline(profile, DEFAULT_DECIDER_OPTIONS.baseline);
    const prior = b.shareOf('gaoxin.property');
    const days = warmStartBaseline(b, clock, history(), from, from + 28 * 24 * HOUR);
    expect(days).toBe(28);
    expect(b.shareOf('gaoxin.property') / prior).toBeGreaterThan(2.3);
    expect(b.shareOf('gaoxin.property') / prior).toBeLessThan(3.01);
  });

  it('skips a partial first day and ignores rows outside the range', () => {
    const b = new SeasonalBaseline(profile, DEFAULT_DECIDER_OPTIONS.baseline);
    const days = warmStartBaseline(b, clock, history(), from + 5 * HOUR, from + 3 * 24 * HOUR);
    expect(days).toBe(2);
  });
});
