// Turns engine objects into table rows: reports (with COPY text encoding) and per-minute series rows.
import type { Report } from '../intake/report.ts';
import { redactText } from '../privacy/redact-text.ts';
import type { MinuteSeries } from '../windows/minute-series.ts';
import { MINUTE_MS } from '../time/event-time.ts';

/** Columns written for a report, in COPY and INSERT order. */
export const REPORT_COLUMNS = [
  'id',
  'received_at',
  'channel',
  'district',
  'topic',
  'caller',
  'text',
  'text_redacted',
  'location',
  'late',
  'raw',
] as const;

/** One report as column values: text, ISO time, nullable texts, JSON texts, boolean. */
export type ReportRow = [
  string,
  string,
  string | null,
  string | null,
  string | null,
  string,
  string,
  string,
  string | null,
  boolean,
  string,
];

export interface SeriesRow {
  readonly bucket: string; // ISO time of the minute
  readonly district: string;
  readonly topic: string;
  readonly reports: number;
  readonly callers: number;
}

const SUSPECT = /[\0\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** PostgreSQL text cannot hold NUL or unpaired surrogates: drop the former, replace the latter with U+FFFD. */
export function pgText(s: string): string {
  return SUSPECT.test(s) ? s.replaceAll('\0', '').replace(LONE_SURROGATE, '\ufffd') : s;
}

/**
 * JSON text PostgreSQL accepts as jsonb (see pgText); JSON.stringify escapes the suspects as \\u…, so most values take
 * the fast path.
 */
export function pgJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u') ? JSON.stringify(value, (_key, v) => (typeof v === 'string' ? pgText(v) : v)) : json;
}

/**
 * ISO 8601 UTC times with milliseconds, as Date.toISOString gives them, reusing the last formatted minute: a batch's
 * reports mostly share minutes, and Date.toISOString cost 7–9× as much (2.2–3.5 µs against 0.3–0.4 µs a call).
 * One per batch being encoded.
 */
export class IsoTimes {
  private minute = Number.NaN;
  private prefix = '';

  format(t: number): string {
    const minute = Math.floor(t / MINUTE_MS);
    if (minute !== this.minute) {
      const iso = new Date(minute * MINUTE_MS).toISOString();
      if (iso.length !== 24) return new Date(t).toISOString(); // years beyond 0000–9999
      this.minute = minute;
      this.prefix = iso.slice(0, 17); // YYYY-MM-DDTHH:MM:
    }
    const ms = t - minute * MINUTE_MS;
    return `${this.prefix}${String(Math.floor(ms / 1000)).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}Z`;
  }
}

/** The row stored for a report; `late` marks one that arrived after its minute had closed. */
export function reportRow(r: Report, late: boolean, times = new IsoTimes()): ReportRow {
  const location = r.raw.location === undefined ? null : pgJson(r.raw.location);
  return [
    pgText(r.id),
    times.format(r.t),
    r.channel === null ? null : pgText(r.channel),
    r.district,
    r.topic,
    pgText(r.caller),
    pgText(r.text),
    // Written with the report, so no public surface ever waits for (or falls back to) the raw text.
    pgText(redactText(r.text).text),
    location,
    late,
    pgJson(r.raw),
  ];
}

/** Rows of one closed minute, distinct callers counted from the callers list. */
export function seriesRows(series: MinuteSeries): SeriesRow[] {
  const bucket = new Date(series.minute * MINUTE_MS).toISOString();
  return series.cells.map((c) => ({
    bucket,
    district: c.district,
    topic: c.topic,
    reports: c.reports,
    callers: c.callers.length,
  }));
}

const COPY_ESCAPE = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const NEEDS_ESCAPE = /[\\\n\r\t]/;

function copyField(v: string | boolean | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return NEEDS_ESCAPE.test(v) ? v.replace(COPY_ESCAPE, (c) => COPY_ESCAPES[c]) : v;
}

/** One line of COPY text format (tab-separated, \N for null, backslash escapes). */
export function copyLine(row: ReportRow): string {
  let line = copyField(row[0]);
  for (let i = 1; i < row.length; i++) line += `\t${copyField(row[i])}`;
  return `${line}\n`;
}
