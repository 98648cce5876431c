// Bars for detection quality: on 42-day generated feeds with seeds not used in development, the default
// detector finds ≥ 95% of surges with ≤ 1 false alarm a day, no decoy alert, median incident delay ≤ 20 min,
// and beats the EARS reference on recall and false alarms at once.
// Run: npx tsx benchmarks/detection-quality.ts [--seeds 9001,9002,9003] [--days 42] [--warmup-days 28]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median, quantile } from 'simple-statistics';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { SyntheticFeed } from '../engine/generate/synthetic-feed.ts';
import { writeFeed } from '../engine/generate/write-feed.ts';
import { SURGE_KINDS } from '../engine/generate/truth.ts';
import type { DetectionScore } from '../engine/score/score-alerts.ts';

const DETECTORS = ['default', 'ears'] as const;
type Detector = (typeof DETECTORS)[number];

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '9001,9002,9003' },
    days: { type: 'string', default: '42' },
    'warmup-days': { type: 'string', default: '28' },
  },
});
const seeds = args.seeds
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const days = Number(args.days);
const warmup = args['warmup-days'];
const root = join('artifacts', 'detection-quality');

/**
 * Run a lizheng subcommand; stdout goes to `stdoutFile` (fully written on return) or is returned; a failure throws with
 * its stderr.
 */
async function lizheng(args: string[], stdoutFile?: string): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/lizheng.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const file = stdoutFile ? child.stdout.pipe(createWriteStream(stdoutFile)) : null;
  if (!file) child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  const [code] = (await once(child, 'close')) as [number | null];
  if (file && !file.writableFinished) await once(file, 'finish');
  if (code !== 0) throw new Error(`lizheng ${args.join(' ')} exited ${code}:\n${stderr.slice(-2000)}`);
  return { stdout, stderr };
}

interface Run {
  readonly seed: string;
  readonly detector: Detector;
  readonly score: DetectionScore;
  readonly detectSummary: string;
}

async function runSeed(seed: string): Promise<Run[]> {
  const dir = join(root, `seed-${seed}`);
  const feed = new SyntheticFeed({ profile: loadProfile('chengdu'), seed, days, start: '2026-01-05', surges: true });
  const g = await writeFeed(feed, dir);
  process.stderr.write(`seed ${seed}: ${g.reports} reports, ${feed.injections.length} injections in ${dir}\n`);
  const runs: Run[] = [];
  for (const detector of DETECTORS) {
    const alerts = join(dir, `alerts-${detector}.ndjson`);
    const detect = await lizheng(['detect', '--input', g.feedPath, '--detector', detector, '--no-progress'], alerts);
    const summary = detect.stderr.trim().split('\n').pop() ?? '';
    process.stderr.write(`  ${detector}: ${summary}\n`);
    const scored = await lizheng([
      'score',
      '--truth',
      g.truthPath,
      '--alerts',
      alerts,
      '--warmup-days',
      warmup,
      '--json',
    ]);
    await writeFile(join(dir, `score-${detector}.json`), scored.stdout);
    runs.push({ seed, detector, score: JSON.parse(scored.stdout) as DetectionScore, detectSummary: summary });
  }
  return runs;
}

/** All seeds of one detector added up: counts summed, delays pooled per surge. */
function pool(runs: readonly Run[]) {
  const sum = (f: (s: DetectionScore) => number) => runs.reduce((a, r) => a + f(r.score), 0);
  const byKind = Object.fromEntries(
    SURGE_KINDS.map((k) => [k, { detected: sum((s) => s.byKind[k].detected), total: sum((s) => s.byKind[k].total) }]),
  );
  const detected = sum((s) => s.overall.detected);
  const total = sum((s) => s.overall.total);
  const delays = runs.flatMap((r) =>
    r.score.surges
      .filter((s) => (s.kind === 'incident' || s.kind === 'small_incident') && s.delayMinutes !== null)
      .map((s) => s.delayMinutes!),
  );
  const scoredDays = sum((s) => s.scoredDays);
  return {
    byKind,
    detected,
    total,
    recall: total > 0 ? detected / total : 0,
    falseAlarmsPerDay: scoredDays > 0 ? sum((s) => s.falseAlarms) / scoredDays : 0,
    morningPeakFalseAlarms: sum((s) => s.morningPeakFalseAlarms),
    decoyHits: sum((s) => s.decoyHits),
    citywideSpill: sum((s) => s.citywideSpill),
    incidentDelayMedian: delays.length > 0 ? median(delays) : null,
    incidentDelayP90: delays.length > 0 ? quantile(delays, 0.9) : null,
  };
}
type Pooled = ReturnType<typeof pool>;

function table(pooled: Record<Detector, Pooled>, runs: readonly Run[]): string {
  const row = (label: string, f: (p: Pooled) => string) =>
    `| ${label} | ${DETECTORS.map((d) => f(pooled[d])).join(' | ')} |`;
  const min = (m: number | null) => (m === null ? '–' : `${m.toFixed(1)} min`);
  const lines = [
    `| ${seeds.length} seeds (${seeds.join(', ')}) × ${days} days, ${warmup} warm-up | ${DETECTORS.join(' | ')} |`,
    `|---|${DETECTORS.map(() => '---').join('|')}|`,
    ...SURGE_KINDS.map((k) => row(`recall ${k}`, (p) => `${p.byKind[k].detected}/${p.byKind[k].total}`)),
    row('**recall, all kinds**', (p) => `${p.detected}/${p.total} = ${p.recall.toFixed(3)}`),
    row('**false alarms / day**', (p) => p.falseAlarmsPerDay.toFixed(2)),
    row('of which in morning peaks', (p) => String(p.morningPeakFalseAlarms)),
    row('**decoy hits** (repeat caller)', (p) => String(p.decoyHits)),
    row('citywide spill (district alerts)', (p) => String(p.citywideSpill)),
    row('**median incident delay**', (p) => min(p.incidentDelayMedian)),
    row('p90 incident delay', (p) => min(p.incidentDelayP90)),
    ...seeds.map(
      (seed) =>
        `| seed ${seed}: recall, false alarms/day | ${DETECTORS.map((d) => {
          const s = runs.find((r) => r.seed === seed && r.detector === d)!.score;
          return `${(s.overall.recall ?? 0).toFixed(2)}, ${s.falseAlarmsPerDay.toFixed(2)}`;
        }).join(' | ')} |`,
    ),
  ];
  return lines.join('\n');
}

function bars(p: Record<Detector, Pooled>): Array<{ bar: string; pass: boolean; value: string }> {
  const d = p.default;
  return [
    { bar: 'recall ≥ 0.95 over all surge kinds', pass: d.recall >= 0.95, value: d.recall.toFixed(3) },
    { bar: '≤ 1 false alarm per day', pass: d.falseAlarmsPerDay <= 1, value: d.falseAlarmsPerDay.toFixed(2) },
    { bar: 'no decoy alert', pass: d.decoyHits === 0, value: String(d.decoyHits) },
    {
      bar: 'median incident delay ≤ 20 min',
      pass: d.incidentDelayMedian !== null && d.incidentDelayMedian <= 20,
      value: String(d.incidentDelayMedian),
    },
    {
      bar: 'default beats EARS on recall and false alarms at once',
      pass: d.recall > p.ears.recall && d.falseAlarmsPerDay < p.ears.falseAlarmsPerDay,
      value:
        `recall ${d.recall.toFixed(3)} vs ${p.ears.recall.toFixed(3)}, false alarms/day ` +
        `${d.falseAlarmsPerDay.toFixed(2)} vs ${p.ears.falseAlarmsPerDay.toFixed(2)}`,
    },
  ];
}

await mkdir(root, { recursive: true });
const runs = (await Promise.all(seeds.map((s) => runSeed(s)))).flat();
const pooled = Object.fromEntries(DETECTORS.map((d) => [d, pool(runs.filter((r) => r.detector === d))])) as Record<
  Detector,
  Pooled
>;
const checks = bars(pooled);
const markdown = `${table(pooled, runs)}\n\n${checks
  .map((c) => `- ${c.pass ? 'PASS' : 'FAIL'} ${c.bar}: ${c.value}`)
  .join('\n')}\n`;
console.log(markdown);
await writeFile(join(root, 'results.md'), markdown);
await writeFile(
  join(root, 'summary.json'),
  `${JSON.stringify({ seeds, days, warmupDays: Number(warmup), pooled, bars: checks }, null, 2)}\n`,
);
console.log(`data: ${root}/ (feeds, alert streams, per-run scores, summary.json, results.md)`);
process.exitCode = checks.every((c) => c.pass) ? 0 : 1;
