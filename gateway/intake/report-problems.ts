// Every offending field of one report posted to the gateway, not only the first: the engine's edge stops at the
// first broken field (a bad line is named and skipped), but a person fixing a form wants the whole list at once.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { IntakeReport } from '../../schemas/intake-report.ts';
import { ReportError } from '../../engine/errors.ts';
import type { Intake } from '../../engine/intake/intake.ts';
import { normalizeReport } from '../../engine/intake/normalize-report.ts';
import type { Principal } from '../access-tokens.ts';
import type { FieldError } from '../gateway-errors.ts';

const checkReport = TypeCompiler.Compile(IntakeReport);

/** A stand-in for a field the edge refused, so that probing again finds the next one. */
const STAND_INS: Record<string, unknown> = { receivedAt: '1970-01-01T00:00:00Z', district: null, topic: null };

/** What a report may say of its channel, given who sent it. */
export interface ChannelRule {
  /** The channel of the intake API key that sent it; null for a person's token (any channel, or none). */
  readonly keyChannel: string | null;
}

/** Who may say which channel: an intake key speaks for its own; a person's token for any. */
export function channelRule(principal: Principal | null): ChannelRule {
  return { keyChannel: principal?.kind === 'apiKey' ? principal.channel : null };
}

/**
 * The report as it goes to the edge: the key's channel filled in when the report names none. A report naming
 * another channel than its key's is refused (a key speaks for one channel; counting it elsewhere would be a lie).
 */
export function withChannel(value: unknown, rule: ChannelRule): unknown {
  if (rule.keyChannel === null || !isObject(value) || value.channel !== undefined) return value;
  return { ...value, channel: rule.keyChannel };
}

/**
 * The fields of `value` that break the intake contract's shape (types, required fields, text length, the key's
 * channel), all at once, each with a JSON pointer under `prefix` (`/text`, `/reports/3/receivedAt`). Empty when the
 * shape is right; the edge (Intake) then checks the rest, and edgeProblems names what it refuses.
 */
export function reportProblems(
  value: unknown,
  limits: { readonly maxTextChars: number },
  rule: ChannelRule,
  prefix = '',
): FieldError[] {
  if (!isObject(value)) return [{ path: prefix || '/', message: 'a report must be a JSON object' }];
  const errors = new Map<string, string>();
  if (!checkReport.Check(value))
    for (const e of checkReport.Errors(value)) if (!errors.has(e.path)) errors.set(e.path, e.message);
  // Characters as people count them (code points), not UTF-16 units.
  if (typeof value.text === 'string' && value.text.length > limits.maxTextChars) {
    const chars = [...value.text].length;
    if (chars > limits.maxTextChars) errors.set('/text', `at most ${limits.maxTextChars} characters, got ${chars}`);
  }
  if (rule.keyChannel !== null && typeof value.channel === 'string' && value.channel !== rule.keyChannel)
    errors.set(
      '/channel',
      `this API key submits for channel ${JSON.stringify(rule.keyChannel)}, the report says ` +
        `${JSON.stringify(value.channel)}`,
    );
  return [...errors].map(([path, message]) => ({ path: `${prefix}${path}`, message }));
}

/**
 * Every field the edge refuses in a report of the right shape (a time that does not exist or has no offset, a
 * district or topic the profile does not know): the edge stops at the first, so each refused field is replaced by a
 * stand-in and the report probed again. Only refused reports are probed; valid ones pass the edge once.
 */
export function edgeProblems(value: unknown, intake: Intake, prefix = ''): FieldError[] {
  const found: FieldError[] = [];
  let probe = value as Record<string, unknown>;
  for (;;) {
    try {
      normalizeReport(probe, intake.profile, intake.clock, intake.options);
      return found;
    } catch (err) {
      if (!(err instanceof ReportError)) throw err;
      const path = err.field === '(root)' ? prefix || '/' : `${prefix}/${err.field.replaceAll('.', '/')}`;
      found.push({ path, message: err.message.slice(err.field.length + 2) });
      // A field without a stand-in (or refused again) ends the probing: nothing further can be learnt.
      if (!(err.field in STAND_INS) || probe[err.field] === STAND_INS[err.field]) return found;
      probe = { ...probe, [err.field]: STAND_INS[err.field] };
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
