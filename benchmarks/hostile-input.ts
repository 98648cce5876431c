// Bars: a generated feed with 1 % of its lines corrupted in each hostile way (hostile-lines.ts) gives the clean
// feed's alert stream byte for byte, and `lizheng detect` reads it at ≥ 0.9 of the clean feed's rate in clean
// reports a second (same run, alternating, best of 3 each; the hostile file is larger, and all of it is read).
// Run: npx tsx benchmarks/hostile-input.ts [--days 14] [--rate 0.01] [--seed 1]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { HOSTILE_KINDS, MAX_OVERSIZED, insertHostileLines } from '../engine/generate/hostile-lines.ts';
import { generatedFeed, lizheng } from './generated-feed.ts';

const arg = (name: string, fallback: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback;
const days = Number(arg('--days', '14'));
const rate = Number(arg('--rate', '0.01'));
const seed = arg('--seed', '1');
const clean = generatedFeed('hostile', days, 2718);
const hostile = clean.replace('feed.ndjson', `hostile-${rate}-${seed}.ndjson`);
const lines = readFileSync(clean, 'utf8').trimEnd().split('\n');
if (!existsSync(hostile)) writeFileSync(hostile, insertHostileLines(lines, { seed, rate }).bytes);

interface Run {
  readonly seconds: number;
  readonly alerts: string;
  readonly summary: string;
}

/** detect in its own process, timed from outside (its summary's rate counts hostile lines as read). */
function detect(feed: string): Run {
  const t = performance.now();
  const r = lizheng('detect', '--input', feed, '--no-progress');
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`detect exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return { seconds, alerts: r.stdout, summary: r.stderr.trimEnd().split('\n').at(-1)! };
}

const runs: Array<{ clean: Run; hostile: Run }> = [];
for (let i = 0; i < 3; i++) runs.push({ clean: detect(clean), hostile: detect(hostile) });
const best = (xs: Run[]) => xs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const c = best(runs.map((r) => r.clean));
const h = best(runs.map((r) => r.hostile));
const md5 = (s: string) => createHash('md5').update(s).digest('hex').slice(0, 12);
const identical = runs.every((r) => r.hostile.alerts === c.alerts && r.clean.alerts === c.alerts);
const ratio = c.seconds / h.seconds;
const perKind = Math.round(rate * lines.length);
console.log(`clean feed: ${lines.length} reports over ${days} days (${clean})`);
console.log(
  `hostile feed: + ${perKind} lines of each of ${HOSTILE_KINDS.length} kinds (oversized capped at ${MAX_OVERSIZED}), ` +
    `seed ${seed}`,
);
console.log(`clean:   ${c.summary}`);
console.log(`hostile: ${h.summary}`);
console.log(
  `alerts: clean ${c.alerts.split('\n').length - 1} events md5 ${md5(c.alerts)}; hostile md5 ${md5(h.alerts)}; ` +
    `identical in all runs: ${identical ? 'PASS' : 'FAIL'}`,
);
console.log(
  `detect seconds, best of 3: clean ${c.seconds.toFixed(2)}, hostile ${h.seconds.toFixed(2)}; clean reports/s ratio ` +
    `hostile/clean ${ratio.toFixed(2)} (bar ≥ 0.9) ${ratio >= 0.9 ? 'PASS' : 'FAIL'}`,
);
console.log(
  `run order (clean, hostile): ${runs
    .map((r) => `${r.clean.seconds.toFixed(2)}, ${r.hostile.seconds.toFixed(2)}`)
    .join('; ')}`,
);
if (!identical || ratio < 0.9) process.exitCode = 1;
