// Turns one untrusted JSON value into a Report, or a ReportError naming the field that is wrong.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { IntakeReport } from '../../schemas/intake-report.ts';
import { ReportError } from '../errors.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { CityClock } from '../time/event-time.ts';
import { UNKNOWN, type Report } from './report.ts';

const checkReport = TypeCompiler.Compile(IntakeReport);
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/** The hour last read by parseCommonIsoTime (`YYYY-MM-DDTHH`), its zone as written and its epoch ms. */
let lastHour = '';
let lastZone = '';
let lastHourMs = 0;

/**
 * The shape nearly every feed sends, `YYYY-MM-DDTHH:MM:SS[.mmm](Z|±HH:MM)`, read without a regex or
 * Date.parse. Undefined for anything else (or a day past 28, where months differ): the general path decides.
 * A feed's consecutive times mostly share their hour and zone, so the last hour's epoch is remembered and
 * only minutes, seconds and milliseconds are read again.
 */
function parseCommonIsoTime(v: string): number | undefined {
  const n = v.length;
  // Where the zone starts: after the seconds (lengths 20 and 25) or after milliseconds (24 and 29).
  const zone = n === 20 || n === 25 ? 19 : n === 24 || n === 29 ? 23 : -1;
  if (zone < 0 || v[4] !== '-' || v[7] !== '-' || v[10] !== 'T' || v[13] !== ':' || v[16] !== ':') return undefined;
  if (zone === 23 && v[19] !== '.') return undefined;
  const minute = two(v, 14);
  const second = two(v, 17);
  const ms = zone === 23 ? digit(v, 20) * 100 + two(v, 21) : 0;
  if (!(minute <= 59 && second <= 59 && ms >= 0)) return undefined;
  if (lastHour === '' || n - zone !== lastZone.length || !v.startsWith(lastHour) || !v.endsWith(lastZone)) {
    const hourMs = parseHour(v, zone);
    if (hourMs === undefined) return undefined;
    lastHour = v.slice(0, 13);
    lastZone = v.slice(zone);
    lastHourMs = hourMs;
  }
  return lastHourMs + minute * 60_000 + second * 1000 + ms;
}

/** Epoch ms of the hour `YYYY-MM-DDTHH` of a common-shape time whose zone starts at `zone`, or undefined. */
function parseHour(v: string, zone: number): number | undefined {
  const year = two(v, 0) * 100 + two(v, 2);
  const month = two(v, 5);
  const day = two(v, 8);
  const hour = two(v, 11);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour <= 23 && year >= 100)) return undefined;
  let offset = 0;
  if (v[zone] !== 'Z' || zone + 1 !== v.length) {
    const sign = v[zone] === '+' ? 1 : v[zone] === '-' ? -1 : 0;
    const oh = two(v, zone + 1);
    const om = two(v, zone + 4);
    if (sign === 0 || v[zone + 3] !== ':' || zone + 6 !== v.length || !(oh <= 23 && om <= 59)) return undefined;
    offset = sign * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour) - offset * 60_000;
}

/** Epoch ms of an ISO 8601 time; one without an offset is read as the city's local time. */
export function parseEventTime(value: string, clock: CityClock): number {
  const common = parseCommonIsoTime(value);
  if (common !== undefined) return common;
  const m = ISO_TIME.exec(value.trim());
  if (!m) throw new ReportError('receivedAt', `not an ISO 8601 time: ${JSON.stringify(value)}`);
  const t = Date.parse(m[8] ? value.trim().replace(' ', 'T') : `${value.trim().replace(' ', 'T')}Z`);
  if (Number.isNaN(t)) throw new ReportError('receivedAt', `not a valid date: ${JSON.stringify(value)}`);
  return m[8] ? t : t - clock.offsetMinutes(t) * 60_000;
}

function settle(value: unknown, field: 'district' | 'topic', profile: Profile): string | null {
  if (value === undefined || value === null || value === '' || value === UNKNOWN) return null;
  const found = field === 'district' ? profile.district(value as string) : profile.topic(value as string);
  if (!found) throw new ReportError(field, `unknown ${field} ${JSON.stringify(value)} (not a code, name or alias in profile ${profile.data.code})`);
  return found.code;
}

/** Validate and settle one report. Throws ReportError on the first broken field. */
export function normalizeReport(value: unknown, profile: Profile, clock: CityClock): Report {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ReportError('(root)', 'a report must be a JSON object');
  const first = checkReport.Check(value) ? undefined : checkReport.Errors(value).First();
  if (first) {
    const field = first.path.replace(/^\//, '') || '(root)';
    const missing = (value as Record<string, unknown>)[field.split('/')[0]] === undefined;
    throw new ReportError(field, missing ? 'is required' : first.message);
  }
  const raw = value as IntakeReport;
  return {
    id: raw.id,
    t: parseEventTime(raw.receivedAt, clock),
    district: settle(raw.district, 'district', profile),
    topic: settle(raw.topic, 'topic', profile),
    caller: raw.callerId || `report:${raw.id}`,
    text: raw.text,
    channel: raw.channel ?? null,
    raw,
  };
}
