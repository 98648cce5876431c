// How fast the gateway takes reports in: autocannon on loopback against POST /api/reports (distinct ids, generated
// Chinese texts, 202 only once JetStream stored each) as a ratio to the same server answering a no-op route behind
// the same hooks (key check, rate limit, JSON body) in the same run; then every accepted id looked up in INTAKE.
//   npx tsx benchmarks/gateway-intake.ts [--duration 30] [--connections 50]
// The load runs in a child process (this file with --load), so autocannon does not share the server's event loop.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { SyntheticFeed, type FeedBatch } from '../engine/generate/synthetic-feed.ts';
import { openStore } from '../engine/store/index.ts';
import { connectNats } from '../engine/stream/nats-connection.ts';
import { HEADERS, STREAMS } from '../engine/stream/nats-names.ts';
import { ensureStreams } from '../engine/stream/stream-setup.ts';
import { CityClock } from '../engine/time/event-time.ts';
import { AccessTokens, generateAccess } from '../gateway/access-tokens.ts';
import { openGateway } from '../gateway/open-gateway.ts';
import { readStream } from '../test/support/jetstream-reader.ts';
import { PrivateNatsServer } from '../test/support/nats-server.ts';

const arg = (name: string, fallback: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback;

/** What one load run measured (the child prints it as JSON). */
interface LoadResult {
  readonly rate: number;
  readonly p99: number;
  readonly p50: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly acceptedIds: string[];
}

/** The child: autocannon against one route, each request a new report (id and receivedAt of its own). */
async function load(url: string, key: string, textsFile: string, duration: number, connections: number) {
  const texts = JSON.parse(readFileSync(textsFile, 'utf8')) as Array<Record<string, unknown>>;
  const clock = new CityClock('Asia/Shanghai');
  const acceptedIds: string[] = [];
  let n = 0;
  const result = await autocannon({
    url,
    connections,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    requests: [
      {
        setupRequest: (req) => {
          const base = texts[n % texts.length];
          const body = { ...base, id: `bench-${process.pid}-${n++}`, receivedAt: clock.format(Date.now()) };
          return { ...req, body: JSON.stringify(body) };
        },
        onResponse: (status, body) => {
          if (status === 202) acceptedIds.push((JSON.parse(body) as { id: string }).id);
        },
      },
    ],
  });
  const out: LoadResult = {
    rate: result.requests.average,
    p99: result.latency.p99,
    p50: result.latency.p50,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    acceptedIds,
  };
  process.stdout.write(JSON.stringify(out));
}

/** Run the load in a child process and read its result. */
function runLoad(url: string, key: string, textsFile: string, duration: number, connections: number) {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--load', url, key, textsFile];
  args.push(String(duration), String(connections));
  return new Promise<LoadResult>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load exited ${code}`))));
  });
}

async function main() {
  const duration = Number(arg('--duration', '30'));
  const connections = Number(arg('--connections', '50'));
  const profile = loadProfile('chengdu');
  // A generated day's reports as they come from the hotline: texts, callers, places; district and topic left to
  // the edge to settle from the text, as for a channel that sends only what the citizen said.
  const feed = new SyntheticFeed({ profile, seed: 'gateway-bench', days: 1, start: '2026-01-05', surges: false });
  const day: FeedBatch | undefined = feed.batches().next().value ?? undefined;
  if (!day) throw new Error('the generator gave no day');
  const texts = day.reports.map(({ id: _id, receivedAt: _at, district: _d, topic: _t, channel: _c, ...r }) => r);
  const dir = mkdtempSync(join(tmpdir(), 'lizheng-gateway-bench-'));
  const textsFile = join(dir, 'texts.json');
  writeFileSync(textsFile, JSON.stringify(texts));

  const server = await PrivateNatsServer.start();
  const nats = await connectNats(server.url, 'gateway-bench');
  await ensureStreams(nats.jsm);
  const store = await openStore({ databaseUrl: null, dataDir: null, log: () => undefined });
  const access = new AccessTokens(generateAccess());
  const gateway = await openGateway({ profile, nats, store, access, limits: { rateLimitPerMinute: 1e9 } });
  // The baseline: the same hooks (key, rate limit, JSON body parsed), no intake work.
  gateway.app.post('/api/bench-noop', { config: { access: 'intake' } }, async (_request, reply) => {
    reply.code(202);
    return { status: 'accepted' };
  });
  const base = await gateway.app.listen({ port: 0, host: '127.0.0.1' });
  const key = access.access.apiKeys[0].key;
  try {
    process.stderr.write(`${texts.length} generated reports; ${connections} connections, ${duration} s each\n`);
    const noop = await runLoad(`${base}/api/bench-noop`, key, textsFile, duration, connections);
    const intake = await runLoad(`${base}/api/reports`, key, textsFile, duration, connections);
    const stored = new Set((await readStream(server.url, STREAMS.intake)).map((m) => m.headers[HEADERS.msgId]));
    const lost = intake.acceptedIds.filter((id) => !stored.has(id)).length;
    const row = (name: string, r: LoadResult) =>
      `${name.padEnd(20)} ${r.rate.toFixed(0).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  ` +
      `2xx ${r.ok}  non-2xx ${r.non2xx}  errors ${r.errors}`;
    console.log(row('no-op route', noop));
    console.log(row('POST /api/reports', intake));
    console.log(`ratio intake ÷ no-op: ${(intake.rate / noop.rate).toFixed(2)} (goal ≥ 0.5)`);
    // INTAKE may hold a few more: requests in flight when the load stopped, stored but their answers not counted.
    console.log(`accepted ${intake.acceptedIds.length}, in INTAKE ${stored.size}, lost ${lost} (goal 0)`);
    console.log(`JetStream publish acks: ${JSON.stringify(gateway.ctx.publisher.stats)}`);
  } finally {
    await gateway.close();
    await nats.nc.close();
    await store.close();
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--load') {
  const [url, key, textsFile, duration, connections] = process.argv.slice(3);
  await load(url, key, textsFile, Number(duration), Number(connections));
} else await main();
