// Turns one untrusted JSON value into a Report, or a ReportError naming the field that is wrong.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ID_PATTERN, IntakeReport } from '../../schemas/intake-report.ts';
import { quoteInput } from '../echo-input.ts';
import { ReportError } from '../errors.ts';
import { hashCaller } from '../privacy/hash-caller.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { CityClock } from '../time/event-time.ts';
import { UNKNOWN, type Report } from './report.ts';

const checkReport = TypeCompiler.Compile(IntakeReport);
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/;

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * The hour a reader of one feed read last (`YYYY-MM-DDTHH`), its zone as written and its epoch ms: a feed's
 * consecutive times mostly share their hour and zone, so only minutes, seconds and milliseconds are read again.
 * Each Intake keeps its own, so two feeds read side by side never share one.
 */
export class HourMemo {
  hour = '';
  zone = '';
  ms = 0;
}

/**
 * The shape nearly every feed sends, `YYYY-MM-DDTHH:MM:SS[.mmm](Z|±HH:MM)`, read without a regex or
 * Date.parse. Undefined for anything else: the general path decides.
 */
function parseCommonIsoTime(v: string, memo: HourMemo): number | undefined {
  const n = v.length;
  // Where the zone starts: after the seconds (lengths 20 and 25) or after milliseconds (24 and 29).
  const zone = n === 20 || n === 25 ? 19 : n === 24 || n === 29 ? 23 : -1;
  if (zone < 0 || v[4] !== '-' || v[7] !== '-' || v[10] !== 'T' || v[13] !== ':' || v[16] !== ':') return undefined;
  if (zone === 23 && v[19] !== '.') return undefined;
  const minute = two(v, 14);
  const second = two(v, 17);
  const ms = zone === 23 ? digit(v, 20) * 100 + two(v, 21) : 0;
  if (!(minute <= 59 && second <= 59 && ms >= 0)) return undefined;
  if (memo.hour === '' || n - zone !== memo.zone.length || !v.startsWith(memo.hour) || !v.endsWith(memo.zone)) {
    const hourMs = parseHour(v, zone);
    if (hourMs === undefined) return undefined;
    memo.hour = v.slice(0, 13);
    memo.zone = v.slice(zone);
    memo.ms = hourMs;
  }
  return memo.ms + minute * 60_000 + second * 1000 + ms;
}

/** Days in a month (1–12) of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** Whether a calendar time is one that exists, in the years a hotline feed can come from. */
function validCalendar(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): boolean {
  return (
    year >= MIN_YEAR &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    (day <= 28 || day <= daysInMonth(year, month)) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  );
}

/** Earliest year of an event time: before the epoch is a mistake (0001-01-01 placeholders, two-digit years). */
const MIN_YEAR = 1970;

/** Epoch ms of the hour `YYYY-MM-DDTHH` of a common-shape time whose zone starts at `zone`, or undefined. */
function parseHour(v: string, zone: number): number | undefined {
  const year = two(v, 0) * 100 + two(v, 2);
  const month = two(v, 5);
  const day = two(v, 8);
  const hour = two(v, 11);
  // Read once an hour (cached above), so checking the month's length here costs the common path nothing.
  if (!validCalendar(year, month, day, hour, 0, 0)) return undefined;
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

/** `+08:00` for +480 minutes. */
function formatOffset(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/**
 * Epoch ms of an ISO 8601 time with a UTC offset (or Z). A time that does not exist (February 30th, hour 24,
 * offset +25:00, a year before 1970) is rejected, never rolled over into another day. A time without an offset
 * is rejected too, unless `localTimes` says to read it in the city's timezone: guessing would silently move a
 * feed from another zone by hours.
 */
export function parseEventTime(value: string, clock: CityClock, localTimes = false, memo = new HourMemo()): number {
  const common = parseCommonIsoTime(value, memo);
  if (common !== undefined) return common;
  const trimmed = value.trim();
  const m = ISO_TIME.exec(trimmed);
  if (!m) throw new ReportError('receivedAt', `not an ISO 8601 time: ${quoteInput(value)}`);
  const [, year, month, day, hour, minute, second, fraction, zone] = m;
  if (!validCalendar(+year, +month, +day, +hour, +minute, second === undefined ? 0 : +second))
    throw new ReportError('receivedAt', `not a valid date: ${quoteInput(value)}`);
  // Milliseconds are the first three digits of the fraction: finer digits are dropped, as Date.parse does.
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const asUtc = Date.UTC(+year, +month - 1, +day, +hour, +minute, second === undefined ? 0 : +second, ms);
  if (zone === undefined) {
    const offset = clock.offsetMinutes(asUtc);
    if (!localTimes)
      throw new ReportError(
        'receivedAt',
        `no UTC offset in ${quoteInput(value)} (add ${formatOffset(offset)} or Z, or read offset-less times in the ` +
          `profile's timezone with --local-times)`,
      );
    return asUtc - offset * 60_000;
  }
  if (zone === 'Z') return asUtc;
  const oh = Number(zone.slice(1, 3));
  const om = Number(zone.slice(-2));
  if (oh > 23 || om > 59) throw new ReportError('receivedAt', `not a valid date: ${quoteInput(value)}`);
  return asUtc - (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
}

function settle(value: unknown, field: 'district' | 'topic', profile: Profile): string | null {
  if (value === undefined || value === null || value === '' || value === UNKNOWN) return null;
  const found = field === 'district' ? profile.district(value as string) : profile.topic(value as string);
  if (!found)
    throw new ReportError(
      field,
      `unknown ${field} ${quoteInput(value)} (not a code, name or alias in profile ${profile.data.code})`,
    );
  return found.code;
}

/** How reports are read beyond the contract. */
export interface NormalizeOptions {
  /**
   * Read a receivedAt without a UTC offset in the profile's timezone (and write the offset into the report, so
   * whoever reads it next — the engine behind NATS, the store — reads the same time). Off by default.
   */
  readonly localTimes?: boolean;
  /** The feed's last hour read (parseEventTime); without one every time is read in full. */
  readonly memo?: HourMemo;
  /**
   * The key caller ids are hashed with (engine/privacy/hash-caller.ts): the report leaves here with its callerId
   * replaced, in `caller` and in `raw`. Without one the caller id is kept as sent (only error probes go without).
   */
  readonly callerKey?: Uint8Array;
}

const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})\s*$/;

/** Validate and settle one report. Throws ReportError on the first broken field. */
export function normalizeReport(
  value: unknown,
  profile: Profile,
  clock: CityClock,
  options: NormalizeOptions = {},
): Report {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ReportError('(root)', `a report must be a JSON object, got ${kindOf(value)}`);
  // The compiled check is the hot path; only a report that fails it is looked at again, field by field, for a message
  // people can act on.
  if (!checkReport.Check(value)) throw explainBrokenReport(value as Record<string, unknown>);
  let raw = value as IntakeReport;
  const localTimes = options.localTimes === true;
  const t = parseEventTime(raw.receivedAt, clock, localTimes, options.memo);
  if (localTimes && !HAS_OFFSET.test(raw.receivedAt)) {
    raw = { ...raw, receivedAt: `${raw.receivedAt.trim().replace(' ', 'T')}${formatOffset(clock.offsetMinutes(t))}` };
  }
  const district = settle(raw.district, 'district', profile);
  const topic = settle(raw.topic, 'topic', profile);
  if (raw.callerId && options.callerKey) raw = { ...raw, callerId: hashCaller(options.callerKey, raw.callerId) };
  return {
    id: raw.id,
    t,
    district,
    topic,
    caller: raw.callerId || `report:${raw.id}`,
    text: raw.text,
    channel: raw.channel ?? null,
    raw,
  };
}

/** A value's JSON type in plain words: string, number, boolean, null, array, object. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

type FieldCheck = (value: unknown) => string | null;

const isString = (v: unknown): v is string => typeof v === 'string';

/** A string field: `what` says what was expected, `limits` refines it for a string of the wrong length. */
function stringField(what: string, limits: { min?: number; max?: number } = {}): FieldCheck {
  return (v) => {
    if (!isString(v)) return `expected ${what}, got ${kindOf(v)}`;
    if (limits.min !== undefined && v.length < limits.min) return `expected ${what}, got an empty string`;
    if (limits.max !== undefined && v.length > limits.max) return `expected ${what}, got ${v.length} characters`;
    return null;
  };
}

const stringOrNull: FieldCheck = (v) =>
  v === null || isString(v) ? null : `expected a string or null, got ${kindOf(v)}`;

function numberField(min: number, max: number): FieldCheck {
  return (v) => {
    if (typeof v !== 'number') return `expected a number from ${min} to ${max}, got ${kindOf(v)}`;
    return Number.isFinite(v) && v >= min && v <= max
      ? null
      : `expected a number from ${min} to ${max}, got ${quoteInput(v)}`;
  };
}

const ID_CONTROL = new RegExp(ID_PATTERN);
const checkId = stringField('a string of 1 to 128 characters', { min: 1, max: 128 });

/** Every field of schemas/intake-report.ts, in order, with the message for a value that breaks it. */
const FIELDS: ReadonlyArray<{ name: string; required: boolean; check: FieldCheck }> = [
  {
    name: 'id',
    required: true,
    check: (v) =>
      checkId(v) ?? (ID_CONTROL.test(v as string) ? null : `control characters are not allowed, got ${quoteInput(v)}`),
  },
  { name: 'receivedAt', required: true, check: stringField('an ISO 8601 time as a string', { min: 1 }) },
  { name: 'text', required: true, check: stringField('a non-empty string', { min: 1 }) },
  { name: 'channel', required: false, check: stringField('a string') },
  { name: 'district', required: false, check: stringOrNull },
  { name: 'topic', required: false, check: stringOrNull },
  { name: 'callerId', required: false, check: stringOrNull },
  {
    name: 'location',
    required: false,
    check: (v) =>
      typeof v === 'object' && v !== null && !Array.isArray(v) ? null : `expected an object, got ${kindOf(v)}`,
  },
];

const LOCATION_FIELDS: ReadonlyArray<{ name: string; check: FieldCheck }> = [
  { name: 'address', check: stringField('a string') },
  { name: 'lat', check: numberField(-90, 90) },
  { name: 'lon', check: numberField(-180, 180) },
];

/** The ReportError for an object the compiled schema rejected: the first broken field, in plain words. */
function explainBrokenReport(value: Record<string, unknown>): ReportError {
  for (const { name, required, check } of FIELDS) {
    const v = value[name];
    if (v === undefined) {
      if (required) return new ReportError(name, 'is required');
      continue;
    }
    const problem = check(v);
    if (problem) return new ReportError(name, problem);
  }
  const location = value.location as Record<string, unknown> | undefined;
  for (const { name, check } of LOCATION_FIELDS) {
    const v = location?.[name];
    const problem = v === undefined ? null : check(v);
    if (problem) return new ReportError(`location.${name}`, problem);
  }
  // Only if this file and the schema drift apart: the schema's own words, still naming the field.
  const first = checkReport.Errors(value).First();
  return new ReportError(
    first?.path.replace(/^\//, '').replaceAll('/', '.') || '(root)',
    first?.message ?? 'does not match the intake contract',
  );
}
