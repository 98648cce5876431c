// `--set key=value` for engineers tuning a replay: a dotted path into the decider's options, type-checked
// against the defaults, so a typo is an error that names the key instead of a silent no-op.
import { closestName } from '../closest-name.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_DECIDER_OPTIONS, windowsProblem, type DeciderSettings } from './decider-options.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const sameShape = (a: unknown, b: unknown): boolean =>
  Array.isArray(a)
    ? Array.isArray(b) && b.every((x) => typeof x === typeof a[0])
    : typeof a === typeof b && !Array.isArray(b);

/** Dotted paths to the leaves of `o`, depth first in declaration order. */
function leafPaths(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? leafPaths(v as object, `${prefix}${k}.`)
      : [`${prefix}${k}`],
  );
}

/** Every key `--set` accepts, read off the defaults themselves: a group (slowRise) is not one, its leaves are. */
export const DECIDER_OPTION_KEYS: readonly string[] = leafPaths(DEFAULT_DECIDER_OPTIONS);

/**
 * The error for a key `--set` does not accept, pointing at the likely one: a near spelling, or the same last part (maxP
 * → slowRise.maxP).
 */
function unknownKey(key: string): UsageError {
  const members = DECIDER_OPTION_KEYS.filter((k) => k.startsWith(`${key}.`));
  if (members.length > 0)
    return new UsageError(`--set: ${key} is a group of options: set one of ${members.join(', ')}`);
  const last = key.slice(key.lastIndexOf('.') + 1);
  const close = closestName(key, DECIDER_OPTION_KEYS) ?? DECIDER_OPTION_KEYS.find((k) => k.endsWith(`.${last}`));
  return new UsageError(
    `--set: unknown option ${key}${close ? ` (did you mean ${close}?)` : ''}; \`lizheng options\` lists every option`,
  );
}

/**
 * `path=value` assignments (value as JSON, or a bare word) on top of `base`, as settings: only what they set, so a
 * profile's `detector` settings (read by the Decider and the incident tracker) stay in force for every key they leave.
 */
export function tuneOptions(assignments: readonly string[], base: DeciderSettings = {}): DeciderSettings {
  const out = structuredClone(base) as Record<string, Json>;
  const defaults = DEFAULT_DECIDER_OPTIONS as unknown as Record<string, Json>;
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq < 1) throw new UsageError(`--set expects key=value (got ${JSON.stringify(a)})`);
    const key = a.slice(0, eq);
    if (!DECIDER_OPTION_KEYS.includes(key)) throw unknownKey(key);
    const path = key.split('.');
    const text = a.slice(eq + 1);
    let value: Json;
    try {
      value = JSON.parse(text) as Json;
    } catch {
      value = text;
    }
    const last = path[path.length - 1];
    const group = path.length > 1 ? path[0] : null;
    const expected = group ? (defaults[group] as Record<string, Json>)[last] : defaults[last];
    if (!sameShape(expected, value))
      throw new UsageError(
        `--set ${key}: expected ${Array.isArray(expected) ? 'an array' : typeof expected} (got ${JSON.stringify(text)})`,
      );
    if (group) out[group] = { ...((out[group] as Record<string, Json> | undefined) ?? {}), [last]: value };
    else out[last] = value;
  }
  const problem = out.windows === undefined ? null : windowsProblem(out.windows as number[]);
  if (problem) throw new UsageError(`--set windows: ${problem}`);
  return out as DeciderSettings;
}
