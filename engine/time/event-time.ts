// Event-time arithmetic in the city's time zone: minute keys, hour-of-week, ISO strings with offset.
// Offsets are looked up once per hour through Intl and cached, so the hot path does no Intl work.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Epoch minute index of an epoch-millisecond time. */
export const minuteOf = (t: number): number => Math.floor(t / MINUTE_MS);

export class CityClock {
  private readonly offsetByHour = new Map<number, number>();
  private readonly hourOfWeekByHour = new Map<number, number>();
  private readonly dtf: Intl.DateTimeFormat;

  constructor(readonly timezone: string) {
    this.dtf = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** Offset of local time from UTC in minutes at epoch time t (e.g. +480 for Asia/Shanghai). */
  offsetMinutes(t: number): number {
    const hour = Math.floor(t / HOUR_MS);
    let off = this.offsetByHour.get(hour);
    if (off === undefined) {
      const p = Object.fromEntries(this.dtf.formatToParts(hour * HOUR_MS).map((x) => [x.type, x.value]));
      const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
      off = Math.round((asUtc - hour * HOUR_MS) / MINUTE_MS);
      this.offsetByHour.set(hour, off);
    }
    return off;
  }

  /** Local hour of week, 0 = Monday 00:00–01:00 … 167 = Sunday 23:00–24:00. */
  hourOfWeek(t: number): number {
    const hour = Math.floor(t / HOUR_MS);
    let how = this.hourOfWeekByHour.get(hour);
    if (how === undefined) {
      const local = new Date(t + this.offsetMinutes(t) * MINUTE_MS);
      how = ((local.getUTCDay() + 6) % 7) * 24 + local.getUTCHours();
      this.hourOfWeekByHour.set(hour, how);
    }
    return how;
  }

  /** Local calendar day as YYYY-MM-DD. */
  localDay(t: number): string {
    return new Date(t + this.offsetMinutes(t) * MINUTE_MS).toISOString().slice(0, 10);
  }

  /** ISO 8601 in local time with offset, second precision: 2026-01-03T10:42:00+08:00. */
  format(t: number): string {
    const off = this.offsetMinutes(t);
    const local = new Date(t + off * MINUTE_MS).toISOString().slice(0, 19);
    const sign = off < 0 ? '-' : '+';
    const a = Math.abs(off);
    return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
  }
}
