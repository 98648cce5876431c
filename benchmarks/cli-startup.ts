// How fast `lizheng --help` and `lizheng --version` answer, against a bare `node -e 0` measured in the same run
// (issue 13: a CLI that starts like a compiled tool; bar ≤ 4×). Runs are interleaved so load that comes and
// goes on a shared machine weighs on all three alike; medians of wall time.
// Run: npx tsx benchmarks/cli-startup.ts [--runs 15] [--tsx]   (--tsx: force the tsx path, i.e. no compiled build)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, tsx: { type: 'boolean', default: false } },
});
const runs = Number(values.runs);
const env = { ...process.env, ...(values.tsx ? { LIZHENG_NO_DIST: '1' } : {}) };

function wallMs(args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const cases: Array<[string, string[]]> = [
  ['node -e 0', ['-e', '0']],
  ['lizheng --help', ['bin/lizheng.js', '--help']],
  ['lizheng --version', ['bin/lizheng.js', '--version']],
];
for (const [, args] of cases) wallMs(args); // warm the file cache
const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (let i = 0; i < runs; i++) for (const [name, args] of cases) times.get(name)?.push(wallMs(args));

const base = median(times.get('node -e 0') ?? []);
const compiled = !values.tsx && existsSync(join(ROOT, 'dist', '.build-stamp'));
console.log(`${runs} runs each, interleaved; path: ${compiled ? 'compiled dist/ (if fresh)' : 'tsx'}`);
for (const [name] of cases) {
  const m = median(times.get(name) ?? []);
  const ratio = m / base;
  const bar = name === 'node -e 0' ? '' : ratio <= 4 ? '  (bar ≤ 4×: met)' : '  (bar ≤ 4×: NOT met)';
  console.log(
    `${name.padEnd(18)} median ${m.toFixed(0).padStart(5)} ms  ${ratio.toFixed(1).padStart(5)}× node -e 0${bar}`,
  );
}
