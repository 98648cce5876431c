// Bad reports are named by field in plain words, echoed input is escaped and cut, and local times are written out with
// their offset.
import { describe, expect, it } from 'vitest';
import { ECHO_MAX_CHARS, escapeInput, quoteInput } from '../engine/echo-input.ts';
import { ReportError } from '../engine/errors.ts';
import { Intake } from '../engine/intake/intake.ts';
import { normalizeReport } from '../engine/intake/normalize-report.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { CityClock } from '../engine/time/event-time.ts';
import { VALID_REPORT } from './support/valid-report.ts';

const profile = loadProfile('chengdu');
const clock = new CityClock(profile.timezone);

const problem = (value: unknown): string => {
  try {
    normalizeReport(value, profile, clock);
  } catch (err) {
    expect(err).toBeInstanceOf(ReportError);
    return (err as ReportError).message;
  }
  return 'accepted';
};

describe('field errors in plain words', () => {
  it('accepts the VALID_REPORT report the cases below break', () => {
    expect(problem(VALID_REPORT)).toBe('accepted');
  });

  it.each([
    ['district', 12, 'district: expected a string or null, got number'],
    ['topic', ['property'], 'topic: expected a string or null, got array'],
    ['callerId', true, 'callerId: expected a string or null, got boolean'],
    ['id', 7, 'id: expected a string of 1 to 128 characters, got number'],
    ['id', '', 'id: expected a string of 1 to 128 characters, got an empty string'],
    ['id', 'x'.repeat(129), 'id: expected a string of 1 to 128 characters, got 129 characters'],
    ['id', 'a\r\nNats-Msg-Id: b', 'id: control characters are not allowed, got "a\\r\\nNats-Msg-Id: b"'],
    ['receivedAt', 1767836980000, 'receivedAt: expected an ISO 8601 time as a string, got number'],
    ['text', null, 'text: expected a non-empty string, got null'],
    ['text', '', 'text: expected a non-empty string, got an empty string'],
    ['channel', { name: 'hotline' }, 'channel: expected a string, got object'],
    ['location', 'somewhere', 'location: expected an object, got string'],
    ['location', { lat: '30.6' }, 'location.lat: expected a number from -90 to 90, got string'],
    ['location', { lat: 30, lon: 200 }, 'location.lon: expected a number from -180 to 180, got 200'],
    ['location', { address: 5 }, 'location.address: expected a string, got number'],
  ])('%s = %j', (field, value, message) => {
    expect(problem({ ...VALID_REPORT, [field]: value })).toBe(message);
  });

  it('says a required field is missing, and what a report must be', () => {
    const { receivedAt: _, ...noTime } = VALID_REPORT;
    expect(problem(noTime)).toBe('receivedAt: is required');
    expect(problem([VALID_REPORT])).toBe('(root): a report must be a JSON object, got array');
    expect(problem('report')).toBe('(root): a report must be a JSON object, got string');
  });
});

describe('echoed input', () => {
  it('escapes terminal escapes and other controls as JSON does, and cuts long values with …', () => {
    expect(quoteInput('\u001b[2J\u001b]0;pwned\u0007')).toBe('"\\u001b[2J\\u001b]0;pwned\\u0007"');
    expect(quoteInput('a\u009bb\u202ec\ud800')).toBe('"a\\u009bb\\u202ec\\ud800"');
    expect(quoteInput('成都😀')).toBe('"成都😀"');
    const long = quoteInput('\u001b'.repeat(10_000));
    expect(long.length).toBeLessThanOrEqual(ECHO_MAX_CHARS);
    expect(long.endsWith('…"')).toBe(true);
    expect(long).not.toMatch(/[\u0000-\u001f]/);
    expect(escapeInput(`Unexpected token '\u001b', "\u001b[31m" is not VALID_REPORT JSON`)).toBe(
      `Unexpected token '\\u001b', "\\u001b[31m" is not VALID_REPORT JSON`,
    );
  });

  it('is what every bad value in a report error goes through', () => {
    expect(problem({ ...VALID_REPORT, district: '\u001b[31m火星区' })).toBe(
      'district: unknown district "\\u001b[31m火星区" (not a code, name or alias in profile chengdu)',
    );
    expect(problem({ ...VALID_REPORT, receivedAt: `\u001b[2J${'9'.repeat(5000)}` })).toMatch(
      /^receivedAt: not an ISO 8601 time: "\\u001b\[2J9+…"$/,
    );
    expect(problem({ ...VALID_REPORT, receivedAt: `\u001b[2J${'9'.repeat(5000)}` }).length).toBeLessThan(160);
  });
});

describe('local times', () => {
  it("are read in the profile's timezone only when asked, and the report then carries its offset", () => {
    const local = { ...VALID_REPORT, receivedAt: '2026-01-08T09:49:40.250' };
    expect(problem(local)).toMatch(/^receivedAt: no UTC offset/);
    const report = new Intake(profile, clock, 'none', { localTimes: true }).accept(local);
    expect(report.t).toBe(Date.parse('2026-01-08T01:49:40.250Z'));
    expect(report.raw.receivedAt).toBe('2026-01-08T09:49:40.250+08:00');
    // Read again without the option, as the engine behind NATS does, the published report gives the same time.
    expect(new Intake(profile, clock, 'none').accept(report.raw).t).toBe(report.t);
    expect(local.receivedAt).toBe('2026-01-08T09:49:40.250');
  });
});
