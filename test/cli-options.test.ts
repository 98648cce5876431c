import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { DECIDER_OPTION_DOCS, DEFAULT_DECIDER_OPTIONS } from '../engine/decide/decider-options.ts';
import { DECIDER_OPTION_KEYS, tuneOptions } from '../engine/decide/tune-options.ts';
import { UsageError } from '../engine/errors.ts';

const lizheng = (args: string[], input = '') =>
  spawnSync(process.execPath, ['bin/lizheng.js', ...args], { input, encoding: 'utf8' });

/** Every dotted path into the defaults, groups included: the candidates for what `--set` might accept. */
function allPaths(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? [`${prefix}${k}`, ...allPaths(v as object, `${prefix}${k}.`)]
      : [`${prefix}${k}`],
  );
}

const defaultAt = (key: string): unknown =>
  key.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], DEFAULT_DECIDER_OPTIONS);

/** Whether tuneOptions takes `key` set to its own default. */
function accepted(key: string): boolean {
  try {
    tuneOptions([`${key}=${JSON.stringify(defaultAt(key))}`]);
    return true;
  } catch (err) {
    if (err instanceof UsageError) return false;
    throw err;
  }
}

describe('detector options documented: lizheng options', () => {
  it('documents exactly the keys --set accepts, no more, no fewer', () => {
    const acceptedKeys = allPaths(DEFAULT_DECIDER_OPTIONS).filter(accepted).sort();
    expect(Object.keys(DECIDER_OPTION_DOCS).sort()).toEqual(acceptedKeys);
    expect([...DECIDER_OPTION_KEYS].sort()).toEqual(acceptedKeys);
    expect(acceptedKeys).toContain('slowRise.maxP');
    // A group is not a key: replacing it whole would drop the members not given.
    expect(accepted('slowRise')).toBe(false);
    for (const meaning of Object.values(DECIDER_OPTION_DOCS)) expect(meaning).toMatch(/^\S.{10,}$/);
  });

  it('prints every key with its default and meaning, as a table and as JSON', () => {
    const json = lizheng(['options', '--json']);
    expect(json.status).toBe(0);
    const listed = JSON.parse(json.stdout) as Array<{ key: string; default: unknown; meaning: string }>;
    expect(listed.map((o) => o.key)).toEqual([...DECIDER_OPTION_KEYS]);
    for (const o of listed) {
      expect(o.default).toEqual(defaultAt(o.key));
      expect(o.meaning).toBe(DECIDER_OPTION_DOCS[o.key as keyof typeof DECIDER_OPTION_DOCS]);
    }
    const table = lizheng(['options']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^slowRise\.maxP +3e-5 +…and be at most this likely/m);
    expect(table.stdout).toMatch(/^windows +\[30,60,180\] +trailing windows/m);
  });

  it('is named in detect --help, and an unknown --set key exits 2 naming it and the closest key', () => {
    expect(lizheng(['detect', '--help']).stdout.replace(/\s+/g, ' ')).toContain('`lizheng options` lists them');
    const typo = lizheng(['detect', '--input', '-', '--set', 'slowrise.maxp=1e-4']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('unknown option slowrise.maxp (did you mean slowRise.maxP?)');
    expect(() => tuneOptions(['maxP=1e-4'])).toThrow(/unknown option maxP \(did you mean slowRise\.maxP\?\)/);
    expect(() => tuneOptions(['fdrr=0.02'])).toThrow(/unknown option fdrr \(did you mean fdr\?\)/);
    expect(() => tuneOptions(['frobnication=1'])).toThrow(
      /unknown option frobnication; `lizheng options` lists every option/,
    );
    expect(() => tuneOptions(['baseline={"hourAlpha":0.5}'])).toThrow(
      /baseline is a group of options: set one of baseline\.hourAlpha, baseline\.shareAlpha, baseline\.priorDays/,
    );
  });
});
