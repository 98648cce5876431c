// End-to-end latency of the live pipeline: publish → INTAKE → `lizheng engine` (own process) → `alert.opened`
// on ALERTS, at a steady 5,000 reports/s background with injected incidents. A minute can only be decided
// once a report at least `lateness` past its end has arrived; latency is measured from the publish of that
// report (the one whose watermark allows the decision) to the alert's arrival. Target p99 < 500 ms.
// Run: npx tsx benchmarks/jetstream-latency.ts [--rate 5000] [--minutes 5] [--lateness 2] [--nats URL]
import { setTimeout as sleep } from 'node:timers/promises';
import type { Msg } from '@nats-io/transport-node';
import { CityClock, MINUTE_MS, minuteOf } from '../engine/time/event-time.ts';
import { connectNats } from '../engine/stream/nats-connection.ts';
import { Kvm } from '@nats-io/kv';
import { CONSUMERS, HEALTH_BUCKET, STREAMS, SUBJECTS } from '../engine/stream/nats-names.ts';
import { PipelinedPublisher } from '../engine/stream/pipelined-publisher.ts';
import { ensureStreams } from '../engine/stream/stream-setup.ts';
import { PrivateNatsServer } from '../test/support/nats-server.ts';
import { startLizheng } from '../test/support/lizheng-process.ts';
import { asIntake, benchProfile, EdgeSettler, quantile, ReportSource } from './jetstream-bench-support.ts';

const arg = (name: string, fallback: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback;
const rate = Number(arg('--rate', '5000'));
const minutes = Number(arg('--minutes', '5'));
const latenessMin = Number(arg('--lateness', '2'));
const cellsPerMinute = Number(arg('--incidents', '20'));
const QUIET = [
  'pujiang',
  'dayi',
  'jintang',
  'xinjin',
  'qionglai',
  'pengzhou',
  'chongzhou',
  'jianyang',
  'dujiangyan',
  'qingbaijiang',
];

const server = process.argv.includes('--nats') ? null : await PrivateNatsServer.start();
const url = arg('--nats', server?.url ?? '');
const { profile, path: profilePath } = benchProfile(rate, QUIET);
const clock = new CityClock(profile.timezone);
const nats = await connectNats(url, 'bench-latency');
await ensureStreams(nats.jsm);

// The engine in its own process, live mode, with its default checkpoint and consumer settings (checkpoints
// of a 5,000/s state take hundreds of ms: they are paced and put off before a close, checkpoint-pacing.ts).
// Pre-classified reports, settled and enriched at the edge as replay publishes them (`--enrich missing`: no incident
// tracking).
const engine = startLizheng(
  [
    'engine',
    '--reset',
    '--profile',
    profilePath,
    '--nats',
    url,
    '--lateness',
    String(latenessMin),
    '--enrich',
    'missing',
  ],
  { NODE_OPTIONS: '--max-old-space-size=8192' },
);
await sleep(5_000);

const source = new ReportSource(profile, 'latency');
const edge = new EdgeSettler(profile);
const quietCells = QUIET.flatMap((d) => profile.topicCodes.map((t) => ({ district: d, topic: t })));
/** Wall time at which the first report allowing each minute's decision was published. */
const triggerAt = new Map<number, number>();
const opened: Array<{ minute: number; at: number }> = [];
nats.nc.subscribe(SUBJECTS.alertsAll, {
  callback: (_err, msg: Msg) => {
    const at = Date.now();
    const event = msg.json<{ type: string; alert: { kind: string; openedAt: string } }>();
    if (event.type === 'alert.opened') opened.push({ minute: minuteOf(Date.parse(event.alert.openedAt)) - 1, at });
  },
});

// The engine's own readiness reports (every 5 s): how far behind the stream it runs.
const lags: number[] = [];
/** The engine's checkpoints so far and the age of its last one, from the same reports. */
let checkpoints = 0;
let oldestCheckpointAge = 0;
const health = await new Kvm(nats.nc).open(HEALTH_BUCKET);
// Until the engine has written its first report the bucket may not exist yet: such a reading is skipped.
const lagWatch = setInterval(
  () =>
    void health.get('engine.all').then(
      (e) => {
        if (!e) return;
        const report = e.json<{ lagMessages: number; checkpoints: number; lastCheckpointAgeMs: number }>();
        lags.push(report.lagMessages);
        checkpoints = report.checkpoints;
        oldestCheckpointAge = Math.max(oldestCheckpointAge, report.lastCheckpointAgeMs);
      },
      () => {},
    ),
  5_000,
);

const publisher = new PipelinedPublisher(nats.nc, { inFlight: 8_192 });
const latenessMs = latenessMin * MINUTE_MS;
const started = Date.now();
const firstMinute = minuteOf(started) + 1;
const stopAt = (firstMinute + minutes) * MINUTE_MS + latenessMs + 10_000;
let sourceTime = 0;
let sent = 0;
let nextBoundary = (firstMinute + 1) * MINUTE_MS + latenessMs;
const injected = new Map<number, number>();
const send = async (json: Record<string, unknown>, t: number) => {
  sourceTime = Math.max(sourceTime, t);
  const m = asIntake(edge, json, sourceTime);
  await publisher.publish(m.subject, m.data, m.msgId, m.headers);
  sent++;
  if (t >= nextBoundary) {
    triggerAt.set(minuteOf(nextBoundary - latenessMs) - 1, Date.now());
    nextBoundary += MINUTE_MS;
  }
};

process.stderr.write(`publishing ${rate}/s for ${minutes} minutes of incidents (+${latenessMin} min lateness)…\n`);
for (let tick = 0; Date.now() < stopAt; tick++) {
  const due = started + tick * 10;
  const wait = due - Date.now();
  if (wait > 0) await sleep(wait);
  const now = Date.now();
  for (let i = 0; i < rate / 100; i++) await send(source.next(now, clock), now);
  // Incidents: in each minute, `cellsPerMinute` fresh quiet cells each get 8 distinct callers in 40 s.
  const minute = minuteOf(now);
  const k = minute - firstMinute;
  const second = (now % MINUTE_MS) / 1000;
  if (k >= 0 && k < minutes && second < 40 && Math.floor(second / 5) >= (injected.get(minute) ?? 0)) {
    injected.set(minute, Math.floor(second / 5) + 1);
    for (let c = 0; c < cellsPerMinute; c++) {
      const cell = quietCells[(k * cellsPerMinute + c) % quietCells.length];
      await send(source.next(now, clock, cell, `incident-${k}-${c}-${Math.floor(second / 5)}`), now);
    }
  }
}
await publisher.flush();
await sleep(3_000);
clearInterval(lagWatch);

const lag = await nats.jsm.consumers.info(STREAMS.intake, CONSUMERS.whole).then(
  (c) => c.num_pending,
  () => -1,
);
const latencies = opened.filter((o) => triggerAt.has(o.minute)).map((o) => o.at - triggerAt.get(o.minute)!);
const elapsed = (Date.now() - started) / 1000;
console.log(
  `background: ${sent} reports in ${elapsed.toFixed(0)} s (${Math.round(sent / elapsed)}/s achieved, ${rate}/s ` +
    `asked), lateness ${latenessMin} min`,
);
console.log(
  `engine backlog at the end: ${lag} messages not yet delivered; lag while running (readiness, every 5 s): median ` +
    `${lags.length ? quantile(lags, 0.5) : '?'}, max ${lags.length ? Math.max(...lags) : '?'} messages`,
);
console.log(
  `engine checkpoints (default pacing): ${checkpoints} written, the last one at most ` +
    `${(oldestCheckpointAge / 1000).toFixed(1)} s old when read`,
);
console.log(
  `alert.opened received: ${opened.length} (${minutes} minutes × ${cellsPerMinute} injected cells), ` +
    `${latencies.length} timed`,
);
if (latencies.length > 0) {
  console.log(
    `latency from the deciding report's publish to alert.opened: p50 ${quantile(latencies, 0.5)} ms, p99 ` +
      `${quantile(latencies, 0.99)} ms, max ${Math.max(...latencies)} ms`,
  );
  console.log(`target p99 < 500 ms: ${quantile(latencies, 0.99) < 500 ? 'PASS' : 'FAIL'}`);
  // One close decides a minute's 20 alerts at once: the spread between minutes says whether one slow close sets the
  // p99.
  const byMinute = new Map<number, number[]>();
  for (const o of opened)
    if (triggerAt.has(o.minute))
      byMinute.set(o.minute, [...(byMinute.get(o.minute) ?? []), o.at - triggerAt.get(o.minute)!]);
  console.log(
    `per minute closed (min–max ms): ${[...byMinute.values()]
      .map((xs) => `${Math.min(...xs)}–${Math.max(...xs)}`)
      .join(', ')}`,
  );
}
// A final checkpoint of this much state is not what is measured here: stop the engine hard.
engine.child.kill('SIGKILL');
const stopped = await engine.done;
if (opened.length === 0) process.stderr.write(`engine stderr:\n${stopped.stderr.slice(-2000)}\n`);
publisher.close();
await nats.nc.close();
await server?.dispose();
