// Every `@example` line in engine/stats of the form `call; // => expected` is run and checked.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const folder = fileURLToPath(new URL('../engine/stats/', import.meta.url));
const files = readdirSync(folder).filter((name) => name.endsWith('.ts'));
const modules = await Promise.all(
  files.map((name) => import(`../engine/stats/${name.slice(0, -3)}.ts`) as Promise<Record<string, unknown>>),
);
const scope: Record<string, unknown> = Object.assign({}, ...modules);

/** `@example` lines: ` * expression; // => expected`, up to the end of their JSDoc block. */
function examples(source: string): { call: string; expected: string }[] {
  const found: { call: string; expected: string }[] = [];
  for (const block of source.split('@example').slice(1)) {
    for (const line of block.slice(0, block.indexOf('*/')).split('\n')) {
      const match = /^\s*\*\s*(.+?);\s*\/\/\s*=>\s*(.+?)\s*$/.exec(line);
      if (match) found.push({ call: match[1], expected: match[2] });
    }
  }
  return found;
}

const evaluate = (code: string): unknown =>
  new Function(...Object.keys(scope), `return (${code});`)(...Object.values(scope));

describe('JSDoc @example lines in engine/stats', () => {
  it('every public function file has at least one checked example', () => {
    for (const name of files.filter((file) => file !== 'index.ts')) {
      expect(examples(readFileSync(folder + name, 'utf8')).length, name).toBeGreaterThan(0);
    }
  });

  for (const name of files) {
    for (const { call, expected } of examples(readFileSync(folder + name, 'utf8'))) {
      it(`${name}: ${call} => ${expected}`, () => {
        const got = evaluate(call);
        const want = evaluate(expected);
        if (typeof want === 'number' && Number.isFinite(want) && want !== 0) {
          expect(Math.abs((got as number) - want) / Math.abs(want)).toBeLessThan(1e-13);
        } else {
          expect(got).toEqual(want);
        }
      });
    }
  }
});
