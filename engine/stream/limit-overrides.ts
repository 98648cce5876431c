// `--limit name=value` on the command line: overrides of the stream limits in nats-names.ts, checked.
import { UsageError } from '../errors.ts';
import { DEFAULT_LIMITS, parseDuration, type StreamLimits } from './nats-names.ts';

const SIZE = /^(\d+(?:\.\d+)?)(k|m|g|t)?i?b?$/i;

function parseBytes(text: string): number | null {
  const m = SIZE.exec(text.trim());
  if (!m) return null;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[(m[2] ?? '').toLowerCase()]!;
  return Math.round(Number(m[1]) * unit);
}

/** Names accepted by `--limit`, e.g. `intakeMaxAge=7d`, `intakeMaxBytes=2g`. */
export const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS).map((k) => k.replace(/Ms$/, ''));

/** Apply `name=value` overrides to the defaults; a bad name or value is a UsageError naming it. */
export function applyLimitOverrides(pairs: readonly string[]): StreamLimits {
  const limits: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const pair of pairs) {
    const [name, value = ''] = pair.split('=', 2);
    const key = Object.keys(DEFAULT_LIMITS).find((k) => k === name || k === `${name}Ms`);
    if (!key) throw new UsageError(`--limit ${pair}: unknown limit "${name}" (one of ${LIMIT_NAMES.join(', ')})`);
    const parsed = key.endsWith('Ms') ? parseDuration(value) : parseBytes(value);
    if (parsed === null || parsed <= 0)
      throw new UsageError(
        `--limit ${pair}: "${value}" is not a ${
          key.endsWith('Ms') ? 'duration like 90m, 12h, 30d' : 'size like 512m, 8g'
        }`,
      );
    limits[key] = parsed;
  }
  return limits as unknown as StreamLimits;
}
