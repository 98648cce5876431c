// Bar: what the engine itself costs — its process's CPU time per INTAKE message ÷ a bare consume loop's (same
// stream, same pull batch, cumulative acks, JSON.parse only, same run), ≤ 2.0. CPU, not wall time: on two cores
// shared with nats-server a wall-clock rate measures the machine more than the engine.
// Run: npx tsx benchmarks/jetstream-throughput.ts [--reports 1000000] [--rate 20] [--enrich missing] [--nats URL]
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import { AckPolicy, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { EnrichMode } from '../engine/intake/intake.ts';
import { CityClock } from '../engine/time/event-time.ts';
import { connectNats, type Nats } from '../engine/stream/nats-connection.ts';
import { STREAMS, SUBJECTS, TUNING } from '../engine/stream/nats-names.ts';
import { closeRuntime, openRuntime } from '../engine/stream/pipeline-runtime.ts';
import { createLogger } from '../engine/log.ts';
import { ensureStreams } from '../engine/stream/stream-setup.ts';
import { WholeCityEngine } from '../engine/stream/whole-city-engine.ts';
import { PrivateNatsServer } from '../test/support/nats-server.ts';
import { benchProfile, fillIntake, median } from './jetstream-bench-support.ts';

const arg = (name: string, fallback: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback;
const reports = Number(arg('--reports', '1000000'));
const rate = Number(arg('--rate', '20'));
const rounds = Number(arg('--rounds', '3'));
const pullBatch = Number(arg('--pull-batch', String(TUNING.pullBatch)));
const maxAckPending = Number(arg('--max-ack-pending', String(TUNING.maxAckPending)));

const server = process.argv.includes('--nats') ? null : await PrivateNatsServer.start();
const url = arg('--nats', server?.url ?? '');
const { profile } = benchProfile(rate);
const clock = new CityClock(profile.timezone);
// Reports arrive settled and fully enriched at the edge (jetstream-bench-support.ts); the engine's --enrich only
// says whether it tracks incidents (`all`), which the default `missing` does not.
const enrich = arg('--enrich', 'missing') as EnrichMode;

/** CPU seconds used so far by this process and by the private server (user + system, from /proc). */
function cpuSeconds(): { client: number; server: number } {
  const u = process.cpuUsage();
  let server = NaN;
  if (server_pid() !== null) {
    const stat = readFileSync(`/proc/${server_pid()}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    server = (Number(f[11]) + Number(f[12])) / 100;
  }
  return { client: (u.user + u.system) / 1e6, server };
}
const server_pid = () => server?.pid ?? null;

/** Wall seconds and the CPU both sides spent on `work`: how many of the machine's cores one loop keeps busy. */
async function accounted<T>(
  work: () => Promise<T>,
): Promise<{ value: T; wall: number; client: number; server: number }> {
  const before = cpuSeconds();
  const started = performance.now();
  const value = await work();
  const after = cpuSeconds();
  return {
    value,
    wall: (performance.now() - started) / 1000,
    client: after.client - before.client,
    server: after.server - before.server,
  };
}
const cores = (a: { wall: number; client: number; server: number }) =>
  `client ${(a.client / a.wall).toFixed(2)} + server ${(a.server / a.wall).toFixed(2)} cores busy`;

/** Baseline: the same stream, pull batch and ack policy; JSON.parse only, a cumulative ack every 50k. */
async function bareLoop(nats: Nats, total: number, round: number): Promise<number> {
  const durable = `bench-bare-${round}`;
  await nats.jsm.consumers.add(STREAMS.intake, {
    durable_name: durable,
    filter_subject: SUBJECTS.intakeAll,
    ack_policy: AckPolicy.All,
    max_ack_pending: maxAckPending,
    ack_wait: nanos(120_000),
  });
  const consumer = await nats.js.consumers.get(STREAMS.intake, durable);
  const decoder = new TextDecoder();
  let n = 0;
  let parsed = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    void consumer.consume({
      max_messages: pullBatch,
      callback: (m: JsMsg) => {
        if (m.data.length > 0) parsed += (JSON.parse(decoder.decode(m.data)) as { id: string }).id.length > 0 ? 1 : 0;
        if (++n % TUNING.checkpointEveryMessages === 0 || n === total) m.ack();
        if (n === total) resolve();
      },
    });
  });
  const seconds = (performance.now() - started) / 1000;
  await nats.jsm.consumers.delete(STREAMS.intake, durable);
  if (parsed !== reports) throw new Error(`bare loop parsed ${parsed} of ${reports}`);
  return total / seconds;
}

/** The whole-city engine, in this process, from a fresh consumer to the end-of-feed markers. */
async function engine(total: number): Promise<{ rate: number; summary: string }> {
  const rt = await openRuntime({ url, name: 'bench-engine', log: await createLogger('silent') });
  await rt.checkpoints.remove('engine.all');
  await rt.nats.jsm.consumers.delete(STREAMS.intake, 'engine-all').catch(() => false);
  const service = await WholeCityEngine.open(rt, {
    profile,
    clock,
    trackIncidents: enrich === 'all',
    latenessMs: 120_000,
    decider: {},
    replay: true,
    tuning: { pullBatch, maxAckPending },
  });
  const started = performance.now();
  await service.start();
  await service.finished();
  const seconds = (performance.now() - started) / 1000;
  const summary = service.summary();
  await closeRuntime(rt);
  const { processed } = service.report();
  if (processed !== total) throw new Error(`engine processed ${processed} of ${total}`);
  return { rate: total / seconds, summary };
}

const nats = await connectNats(url, 'bench');
await ensureStreams(nats.jsm);
await nats.jsm.streams.purge(STREAMS.intake);
process.stderr.write(`loading ${reports} reports at ${rate}/s of event time…\n`);
const total = await fillIntake(nats.nc, profile, reports, rate, Date.parse('2026-01-05T00:00:00+08:00'));
for (let i = 0; (await nats.jsm.streams.info(STREAMS.intake)).state.messages < total; i++) {
  if (i > 600) throw new Error('INTAKE did not fill');
  await sleep(100);
}
const info = await nats.jsm.streams.info(STREAMS.intake);
console.log(
  `INTAKE: ${info.state.messages} messages, ${(info.state.bytes / 1e6).toFixed(0)} MB; pull batch ${pullBatch}, ` +
    `max_ack_pending ${maxAckPending}, --enrich ${enrich}`,
);

const bare: number[] = [];
const eng: number[] = [];
const bareCpu: number[] = [];
const engCpu: number[] = [];
/** Client CPU µs per INTAKE message: the engine runs in this process, so this is the engine process's CPU. */
const perMessage = (a: { client: number }) => (a.client * 1e6) / total;
for (let r = 0; r < rounds; r++) {
  const b = await accounted(() => bareLoop(nats, total, r));
  bare.push(b.value);
  bareCpu.push(perMessage(b));
  const e = await accounted(() => engine(total));
  eng.push(e.value.rate);
  engCpu.push(perMessage(e));
  console.log(
    `round ${r + 1}: bare ${Math.round(b.value)} msg/s, ${perMessage(b).toFixed(1)} µs CPU/msg (${cores(b)}); ` +
      `engine ${Math.round(e.value.rate)} msg/s, ${perMessage(e).toFixed(1)} µs CPU/msg (${cores(e)}) — ` +
      `${e.value.summary}`,
  );
}
const best = (xs: number[]) => Math.max(...xs);
const ratio = median(engCpu) / median(bareCpu);
console.log(
  `bare consume loop (JSON.parse, cumulative acks): ${median(bareCpu).toFixed(1)} µs CPU/msg (median of ${rounds}), ` +
    `${Math.round(best(bare))} msg/s (best)`,
);
console.log(
  `lizheng engine (whole city, checkpoints, series and alerts published): ${median(engCpu).toFixed(1)} µs CPU/msg ` +
    `(median of ${rounds}), ${Math.round(best(eng))} msg/s (best)`,
);
console.log(`wall-rate ratio engine/bare: ${(best(eng) / best(bare)).toFixed(2)} (for the record; not the bar)`);
console.log(`CPU ratio engine/bare: ${ratio.toFixed(2)} (bar ≤ 2.0) ${ratio <= 2.0 ? 'PASS' : 'FAIL'}`);
await nats.nc.close();
await server?.dispose();
