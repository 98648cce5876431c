// Turns one untrusted JSON value into a Report, or a ReportError naming the field that is wrong.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { IntakeReport } from '../../schemas/intake-report.ts';
import { ReportError } from '../errors.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { CityClock } from '../time/event-time.ts';
import { UNKNOWN, type Report } from './report.ts';

const checkReport = TypeCompiler.Compile(IntakeReport);
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Epoch ms of an ISO 8601 time; one without an offset is read as the city's local time. */
export function parseEventTime(value: string, clock: CityClock): number {
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
