// Checked parsing of command-line flag values: a bad value is a UsageError naming the flag.
import { UsageError } from '../errors.ts';
import { MINUTE_MS } from '../time/event-time.ts';
import type { EventTimeGateOptions } from '../time/event-time-gate.ts';

export interface NumberRange {
  min?: number;
  max?: number;
  integer?: boolean;
  /** Strictly above zero. */
  positive?: boolean;
  /** Words the flag also accepts, which the caller handles before parsing a number: named in the error. */
  words?: readonly string[];
}

/** A finite number within the range, or a UsageError naming `flag`, what it accepts and what it got. */
export function parseNumberFlag(flag: string, value: string, range: NumberRange = {}): number {
  const n = Number(value);
  const { min = -Infinity, max = Infinity, integer = false, positive = false, words = [] } = range;
  if (
    value.trim() === '' ||
    !Number.isFinite(n) ||
    n < min ||
    n > max ||
    (integer && !Number.isInteger(n)) ||
    (positive && n <= 0)
  ) {
    const kind = `${positive ? 'a positive ' : 'a '}${integer ? 'whole number' : 'number'}`;
    const bounds = [min > -Infinity ? `≥ ${min}` : '', max < Infinity ? `≤ ${max}` : ''].filter(Boolean).join(' and ');
    const alternatives = words.map((w) => ` or ${JSON.stringify(w)}`).join('');
    throw new UsageError(
      `${flag} must be ${kind}${bounds ? ` ${bounds}` : ''}${alternatives} (got ${JSON.stringify(value)})`,
    );
  }
  return n;
}

/** The event-time gate's settings from `--max-ahead <minutes>`, which detect, replay and engine all take. */
export function parseMaxAhead(value: string): EventTimeGateOptions {
  return { aheadMs: parseNumberFlag('--max-ahead', value, { min: 1 }) * MINUTE_MS };
}

/** Commander's accumulator for a repeatable option (`--set a=1 --set b=2`): the values in order. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];
