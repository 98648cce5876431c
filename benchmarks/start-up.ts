// What the one-command platform costs over the engine alone: wall time from spawning `lizheng start` until its
// gateway answers /health, against `lizheng engine --store` until its health port answers, both on a fresh embedded
// database (migrations included) and the same private NATS server, runs interleaved; and the time each takes to stop
// cleanly on SIGINT (checkpoint, database closed).
//   npx tsx benchmarks/start-up.ts [--runs 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { freePort } from '../engine/stream/nats-child-server.ts';
import { startLizheng } from '../test/support/lizheng-process.ts';
import { PrivateNatsServer } from '../test/support/nats-server.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);

interface Timing {
  readonly ready: number;
  readonly stop: number;
}

/** Spawn `args`, time until GET /health on `port` answers, then SIGINT and time until it exits 0. */
async function time(args: string[], port: number, env: Record<string, string>): Promise<Timing> {
  const t0 = performance.now();
  const run = startLizheng(args, env);
  for (;;) {
    if (run.child.exitCode !== null) throw new Error(`lizheng ${args[0]} exited ${run.child.exitCode}`);
    if ((await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.ok) break;
    await sleep(20);
  }
  const ready = performance.now() - t0;
  const t1 = performance.now();
  run.child.kill('SIGINT');
  const done = await run.done;
  if (done.code !== 0) throw new Error(`lizheng ${args[0]} stopped with ${done.code ?? done.signal}:\n${done.stderr}`);
  return { ready, stop: performance.now() - t1 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const nats = await PrivateNatsServer.start();
const env = { NATS_URL: nats.url, DATABASE_URL: '', LIZHENG_ACCESS: '', LOG_LEVEL: 'warn' };
const results = { engine: [] as Timing[], start: [] as Timing[] };
try {
  for (let i = 0; i < runs; i++) {
    for (const kind of ['engine', 'start'] as const) {
      const dir = mkdtempSync(join(tmpdir(), `lizheng-bench-${kind}-`));
      const port = await freePort();
      const args =
        kind === 'engine'
          ? ['engine', '--store', '--store-dir', join(dir, 'pg'), '--health-port', String(port)]
          : ['start', '--data-dir', dir, '--port', String(port)];
      try {
        results[kind].push(await time(args, port, env));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
} finally {
  await nats.dispose();
}
const row = (kind: 'engine' | 'start') => {
  const ready = median(results[kind].map((t) => t.ready));
  const stop = median(results[kind].map((t) => t.stop));
  return { ready, stop };
};
const engine = row('engine');
const start = row('start');
const ms = (x: number) => `${Math.round(x).toLocaleString('en')} ms`;
console.log(`medians of ${runs} interleaved runs (fresh embedded database each):`);
console.log(`  lizheng engine --store   ready ${ms(engine.ready)}   stop ${ms(engine.stop)}`);
console.log(`  lizheng start            ready ${ms(start.ready)}   stop ${ms(start.stop)}`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
console.log(
  `  ratio start / engine     ready ${ratio(start.ready, engine.ready)}   stop ${ratio(start.stop, engine.stop)}`,
);
