// Times and figures as the console writes them. Feed times carry the city's offset (2026-12-04T08:16:00+08:00), so
// the clock time is read from the string itself: the browser's own time zone never shifts a city's hours.
import { translator } from '../shared/i18n.ts';
import { CONSOLE_STRINGS } from './console-strings.ts';

export const t = translator(CONSOLE_STRINGS);

/** "08:16" of a feed time; "12-04 08:16" when `withDay`. */
export function clockTime(iso: string | null | undefined, withDay = false): string {
  if (!iso) return '—';
  const time = iso.slice(11, 16);
  return withDay ? `${iso.slice(5, 10)} ${time}` : time;
}

/** "12-04 08:16:05": epoch ms written in the offset of a feed time like `sample` (…+08:00). */
export function cityClock(t: number, sample: string): string {
  const m = /([+-])(\d\d):(\d\d)$/.exec(sample);
  const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const local = new Date(t + offset * 60_000).toISOString();
  return `${local.slice(5, 10)} ${local.slice(11, 19)}`;
}

/** "35 min" / "2.5 小时" between two epoch ms, for ages and response times. */
export function duration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 90) return `${minutes} min`;
  const hours = minutes / 60;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} d`;
}

/** A median in minutes from GET /api/units, or a dash when nothing was measured. */
export const minutesOrDash = (m: number | null): string => (m === null ? '—' : duration(m * 60_000));
