// Checked parsing of command-line flag values: a bad value is a UsageError naming the flag.
import { UsageError } from '../errors.ts';

/** A finite number within [min, max], or a UsageError naming `flag`. */
export function parseNumberFlag(flag: string, value: string, range: { min?: number; max?: number; integer?: boolean } = {}): number {
  const n = Number(value);
  const { min = -Infinity, max = Infinity, integer = false } = range;
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    const kind = integer ? 'a whole number' : 'a number';
    const bounds = [min > -Infinity ? `≥ ${min}` : '', max < Infinity ? `≤ ${max}` : ''].filter(Boolean).join(' and ');
    throw new UsageError(`${flag} must be ${kind}${bounds ? ` ${bounds}` : ''} (got ${JSON.stringify(value)})`);
  }
  return n;
}
