// How fast `lizheng replay --speed max` publishes a generated feed with acks in flight, beside what the
// server takes for the same payloads without validation (JetStream, same ack window), without acks
// (core publish into the stream), and without a stream at all (core NATS). No target: reported.
// The `nats bench` tool is not installed here, so these raw loops stand in for it.
// Run: npx tsx benchmarks/jetstream-replay-rate.ts [--days 30]
import { readFileSync } from 'node:fs';
import { headers } from '@nats-io/transport-node';
import { connectNats, type Nats } from '../engine/stream/nats-connection.ts';
import { STREAMS } from '../engine/stream/nats-names.ts';
import { PipelinedPublisher } from '../engine/stream/pipelined-publisher.ts';
import { ensureStreams } from '../engine/stream/stream-setup.ts';
import { PrivateNatsServer } from '../test/support/nats-server.ts';
import { generatedFeed, lizheng } from './generated-feed.ts';

const days = Number(process.argv[process.argv.indexOf('--days') + 1] || 30) || 30;
const feed = generatedFeed('replay-rate', days, 4343);
const lines = readFileSync(feed, 'utf8').trimEnd().split('\n');
const payloads = lines.map((l) => new TextEncoder().encode(l));
const subjects = lines.map((l) => {
  const r = JSON.parse(l) as { district?: string; topic?: string };
  return `intake.${r.district ?? 'unknown'}.${r.topic ?? 'unknown'}`;
});
const bytes = payloads.reduce((n, p) => n + p.length, 0);

async function fresh(nats: Nats): Promise<void> {
  await ensureStreams(nats.jsm);
  await nats.jsm.streams.purge(STREAMS.intake);
}

async function timed(label: string, run: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await run();
  const rate = lines.length / ((performance.now() - t) / 1000);
  console.log(`${label.padEnd(58)} ${String(Math.round(rate)).padStart(8)} msg/s`);
  return rate;
}

const server = await PrivateNatsServer.start();
const nats = await connectNats(server.url, 'bench-replay');
console.log(`feed: ${lines.length} reports, ${(bytes / lines.length).toFixed(0)} bytes each on average (${feed})`);

await fresh(nats);
const r = lizheng('replay', '--input', feed, '--nats', server.url, '--no-progress');
if (r.status !== 0) throw new Error(r.stderr);
const m = /replay: (\d+) published.* in ([\d.]+) s, (\d+) reports\/s/.exec(r.stdout);
console.log(
  `${'lizheng replay --speed max (validate, 2048 acks in flight)'.padEnd(58)} ${m![3].padStart(8)} msg/s  (${m![1]} ` +
    `stored in ${m![2]} s, own process)`,
);

await fresh(nats);
await timed('JetStream publish, same payloads, 2048 acks in flight', async () => {
  const pub = new PipelinedPublisher(nats.nc);
  for (let i = 0; i < lines.length; i++) await pub.publish(subjects[i], payloads[i], `raw-${i}`);
  await pub.flush();
  pub.close();
});

await fresh(nats);
await timed('core publish into INTAKE, no acks (flush every 5k)', async () => {
  for (let i = 0; i < lines.length; i++) {
    const h = headers();
    h.set('Nats-Msg-Id', `core-${i}`);
    nats.nc.publish(subjects[i], payloads[i], { headers: h });
    if (i % 5_000 === 4_999) await nats.nc.flush();
  }
  await nats.nc.flush();
  while ((await nats.jsm.streams.info(STREAMS.intake)).state.messages < lines.length)
    await new Promise((res) => setTimeout(res, 20));
});

await timed('core NATS publish, no stream (flush every 5k)', async () => {
  for (let i = 0; i < lines.length; i++) {
    nats.nc.publish('bench.nostream', payloads[i]);
    if (i % 5_000 === 4_999) await nats.nc.flush();
  }
  await nats.nc.flush();
});

await nats.nc.close();
await server.dispose();
