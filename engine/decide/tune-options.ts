// `--set key=value` for engineers tuning a replay: a dotted path into the decider's options, type-checked
// against the defaults, so a typo is an error that names the key instead of a silent no-op.
import { UsageError } from '../errors.ts';
import { DEFAULT_DECIDER_OPTIONS, windowsProblem, type DeciderOptions } from './decider-options.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const sameShape = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) ? Array.isArray(b) && b.every((x) => typeof x === typeof a[0]) : typeof a === typeof b && !Array.isArray(b);

/** Apply `path=value` assignments (value as JSON, or a bare word) on top of `base`. */
export function tuneOptions(assignments: readonly string[], base: Partial<DeciderOptions> = {}): Partial<DeciderOptions> {
  const out = structuredClone({ ...DEFAULT_DECIDER_OPTIONS, ...base }) as unknown as Record<string, Json>;
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq < 1) throw new UsageError(`--set expects key=value (got ${JSON.stringify(a)})`);
    const path = a.slice(0, eq).split('.');
    const text = a.slice(eq + 1);
    let value: Json;
    try {
      value = JSON.parse(text) as Json;
    } catch {
      value = text;
    }
    let node = out;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) throw new UsageError(`--set: unknown option ${path.join('.')}`);
      node = next as Record<string, Json>;
    }
    const last = path[path.length - 1];
    if (!(last in node)) throw new UsageError(`--set: unknown option ${path.join('.')} (see engine/decide/decider-options.ts)`);
    if (!sameShape(node[last], value)) throw new UsageError(`--set ${path.join('.')}: expected ${Array.isArray(node[last]) ? 'an array' : typeof node[last]} (got ${JSON.stringify(text)})`);
    node[last] = value;
  }
  const problem = windowsProblem(out.windows as number[]);
  if (problem) throw new UsageError(`--set windows: ${problem}`);
  return out as unknown as Partial<DeciderOptions>;
}
