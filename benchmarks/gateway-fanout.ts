// Live fan-out under load (issue 14): one `lizheng gateway` process pushing snapshots and alerts to 500 socket.io
// clients (spread over client processes, fanout-watchers.ts) while a generated feed is fed to `lizheng replay` at a
// sustained rate and the real engine (with its store) turns it into closed minutes and alerts. All clients hold
// their first snapshot before the replay starts; after a warm-up, the 500-client window, then all but one client
// leave and the 1-client baseline is measured under the same traffic. Prints snapshot delivery latency, how many
// snapshots clients were behind, the rate INTAKE really took, and the CPU of each process, as ratios 500 ÷ 1.
//
//   npx tsx benchmarks/gateway-fanout.ts [--clients 500] [--rate 2000] [--processes 4] [--window 30] [--baseline 20]
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { generateAccess } from '../gateway/access-tokens.ts';
import { freePort } from '../engine/stream/nats-child-server.ts';
import { connectNats, type Nats } from '../engine/stream/nats-connection.ts';
import { CLOCK_TOPIC, CONSUMERS, END_TOPIC, STREAMS, SUBJECTS } from '../engine/stream/nats-names.ts';
import { ensureStreams } from '../engine/stream/stream-setup.ts';
import { startLizheng, runLizheng, type Running } from '../test/support/lizheng-process.ts';
import { PrivateNatsServer } from '../test/support/nats-server.ts';
import { dropSchema, freshSchema, PG_URL } from '../test/store-fixtures.ts';
import type { WatcherCommand, WatcherRecord, WatcherReply } from './fanout-watchers.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '500' },
    rate: { type: 'string', default: '2000' },
    processes: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '70' },
    window: { type: 'string', default: '30' },
    baseline: { type: 'string', default: '20' },
  },
});
const CLIENTS = Number(values.clients);
const RATE = Number(values.rate);
const PROCESSES = Math.min(Number(values.processes), CLIENTS);
const WARMUP_S = Number(values.warmup);
const WINDOW_S = Number(values.window);
const BASELINE_S = Number(values.baseline);
/** After a window, how long a client may take to receive the snapshots built before its end. */
const DRAIN_MS = 1000;
/** Between the crowd leaving and the baseline window. */
const SETTLE_MS = 3000;
/** The pacer writes to the replay's stdin this often. */
const TICK_MS = 20;
/** A generated day holds about 5,000 reports; enough days that the feed outlasts every phase with a margin. */
const DAYS = Math.ceil((RATE * (WARMUP_S + WINDOW_S + BASELINE_S + 30)) / 4500);

/** CPU seconds of a process and its descendants (bin/lizheng.js may run the sources in a child), from /proc. */
function treeCpuSeconds(root: number): number {
  const stats = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return { pid: Number(pid), ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
      } catch {
        return null; // exited while listed
      }
    })
    .filter((s) => s !== null);
  const inTree = new Set([root]);
  for (let size = 0; size !== inTree.size; ) {
    size = inTree.size;
    for (const s of stats) if (inTree.has(s.ppid)) inTree.add(s.pid);
  }
  return stats.filter((s) => inTree.has(s.pid)).reduce((sum, s) => sum + s.ticks, 0) / 100;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/** `{value: clients}` of a per-client figure, e.g. "0: 499, 1: 1". */
const distribution = (xs: number[]) => {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => a[0] - b[0])
    .map(([v, n]) => `${v}: ${n}`)
    .join(', ');
};

/** One client process of the crowd, commanded over IPC. */
class WatcherProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly clients: number,
  ) {}

  static async start(url: string, token: string, clients: number): Promise<WatcherProcess> {
    const child = fork(new URL('./fanout-watchers.ts', import.meta.url), [url, token, String(clients)], {
      execArgv: ['--import', 'tsx'],
    });
    const process = new WatcherProcess(child, clients);
    await process.reply('ready');
    return process;
  }

  command<T extends WatcherReply['type']>(command: WatcherCommand, answer: T): Promise<WatcherReply & { type: T }> {
    const reply = this.reply(answer);
    this.child.send(command);
    return reply;
  }

  private reply<T extends WatcherReply['type']>(type: T): Promise<WatcherReply & { type: T }> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: WatcherReply) => {
        if (reply.type !== type) return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolve(reply as WatcherReply & { type: T });
      };
      const onExit = (code: number | null) => reject(new Error(`a client process exited (${code}) before '${type}'`));
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }
}

/** Reports INTAKE holds (clock and end markers left out) and the engine's unread backlog. */
async function intakeState(nats: Nats): Promise<{ reports: number; enginePending: number }> {
  const info = await nats.jsm.streams.info(STREAMS.intake, { subjects_filter: SUBJECTS.intakeAll });
  const reports = Object.entries(info.state.subjects ?? {})
    .filter(([subject]) => !subject.endsWith(`.${CLOCK_TOPIC}`) && !subject.endsWith(`.${END_TOPIC}`))
    .reduce((sum, [, n]) => sum + n, 0);
  const consumer = await nats.jsm.consumers.info(STREAMS.intake, CONSUMERS.whole);
  return { reports, enginePending: consumer.num_pending };
}

/** The gateway's Prometheus samples named `names` (scraping also resets its event-loop delay histogram). */
async function gatewayMetrics(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+) ([\d.e+-]+)$/.exec(line);
    if (m) samples.set(m[1], Number(m[2]));
  }
  return samples;
}

/** A process whose CPU time is measured. */
interface Measured {
  readonly name: string;
  readonly pid: number;
}

interface Phase {
  readonly clients: number;
  readonly seconds: number;
  readonly reportsPerSecond: number;
  readonly enginePending: readonly [number, number];
  /** Snapshots the gateway built in the window (its metric), and how many distinct ones clients received. */
  readonly built: number;
  readonly seen: number;
  readonly perClient: number;
  readonly cells: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Per client: snapshots built by the window's end that it had not received a drain later (newest to newest). */
  readonly behindAtEnd: number[];
  /** Per client: the most it was behind at any 100 ms sample in the window (a snapshot in flight counts). */
  readonly behindInWindow: number[];
  readonly neverReceived: number;
  readonly alertsPerClient: number;
  /** Characters a client received a second, mean over clients. */
  readonly charsPerClientSecond: number;
  readonly cpu: Record<string, number>;
  readonly gatewayLoopP99Ms: number;
  readonly clientLoopP99Ms: number;
  readonly load: number;
}

/**
 * Measure `seconds` of delivery to every client the watcher processes still hold. The snapshots built in the window
 * are the union of what the clients received, checked against the gateway's own count of builds.
 */
async function measure(
  crowd: WatcherProcess[],
  nats: Nats,
  url: string,
  processes: Measured[],
  seconds: number,
): Promise<Phase> {
  await Promise.all(crowd.map((w) => w.child.send({ type: 'mark' } satisfies WatcherCommand)));
  const metrics0 = await gatewayMetrics(url);
  const intake0 = await intakeState(nats);
  const cpu0 = processes.map((p) => treeCpuSeconds(p.pid));
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const t1 = Date.now();
  const cpu1 = processes.map((p) => treeCpuSeconds(p.pid));
  const intake1 = await intakeState(nats);
  const metrics1 = await gatewayMetrics(url);
  const load = loadavg()[0];
  await sleep(DRAIN_MS);
  const reports = (await Promise.all(crowd.map((w) => w.command({ type: 'report' }, 'report')))).filter(
    (r) => r.clients.length > 0,
  );
  const clients: WatcherRecord[] = reports.flatMap((r) => r.clients);
  const wall = (t1 - t0) / 1000;
  const inWindow = (s: number[]) => s[0] >= t0 && s[0] <= t1;
  const built = [...new Set(clients.flatMap((c) => c.snapshots.filter(inWindow).map((s) => s[0])))].sort(
    (a, b) => a - b,
  );
  const latencies = clients.flatMap((c) => c.snapshots.filter(inWindow).map((s) => s[1] - s[0]));
  const builtBy = (t: number) => built.filter((b) => b <= t).length;
  const behind = (c: WatcherRecord, t: number, receivedBy: number) => {
    const received = c.snapshots.filter((s) => inWindow(s) && s[0] <= t && s[1] <= receivedBy).map((s) => s[0]);
    const newest = received.length === 0 ? 0 : built.indexOf(Math.max(...received)) + 1;
    return builtBy(t) - newest;
  };
  const samples = Array.from({ length: Math.floor((t1 - t0) / 100) }, (_, i) => t0 + (i + 1) * 100);
  const got = clients.map((c) => new Set(c.snapshots.filter(inWindow).map((s) => s[0])));
  return {
    clients: clients.length,
    seconds: wall,
    reportsPerSecond: (intake1.reports - intake0.reports) / wall,
    enginePending: [intake0.enginePending, intake1.enginePending],
    built:
      (metrics1.get('lizheng_snapshot_build_seconds_count') ?? 0) -
      (metrics0.get('lizheng_snapshot_build_seconds_count') ?? 0),
    seen: built.length,
    perClient: latencies.length / clients.length,
    cells: quantile(
      clients.flatMap((c) => c.snapshots.filter(inWindow).map((s) => s[2])),
      0.5,
    ),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: Math.max(...latencies),
    behindAtEnd: clients.map((c) => behind(c, t1, t1 + DRAIN_MS)),
    behindInWindow: clients.map((c) => Math.max(0, ...samples.map((t) => behind(c, t, t)))),
    neverReceived: got.reduce((sum, g) => sum + built.filter((b) => !g.has(b)).length, 0),
    alertsPerClient:
      clients.reduce((s, c) => s + c.alerts.filter((a) => a >= t0 && a <= t1).length, 0) / clients.length,
    charsPerClientSecond: clients.reduce((s, c) => s + c.chars, 0) / clients.length / wall,
    cpu: Object.fromEntries(processes.map((p, i) => [p.name, (cpu1[i] - cpu0[i]) / wall])),
    gatewayLoopP99Ms: (metrics1.get('lizheng_gateway_nodejs_eventloop_lag_p99_seconds') ?? Number.NaN) * 1000,
    clientLoopP99Ms: Math.max(...reports.map((r) => r.loopDelayP99Ms)),
    load,
  };
}

/**
 * Write `lines` to the replay's stdin at `rate` a second, checked every TICK_MS against the wall clock, so a late
 * tick is made up; when the pipe is full (the replay reads slower) it waits, and a debt of more than a second is
 * forgiven, so a starved replay is never fed a catch-up burst above `rate`. Stops at `stop()`.
 */
function pace(stdin: NodeJS.WritableStream, lines: string[], rate: number): { stop: () => Promise<number> } {
  let written = 0;
  let stopped = false;
  const done = (async () => {
    let from = { at: Date.now(), written: 0 };
    while (!stopped && written < lines.length) {
      let due = from.written + Math.floor(((Date.now() - from.at) * rate) / 1000);
      if (due - written > rate) {
        from = { at: Date.now(), written };
        due = written;
      }
      due = Math.min(lines.length, due);
      if (due > written) {
        const ok = stdin.write(`${lines.slice(written, due).join('\n')}\n`);
        written = due;
        if (!ok) await once(stdin, 'drain');
      }
      await sleep(TICK_MS);
    }
    stdin.end();
    return written;
  })();
  return {
    stop: () => {
      stopped = true;
      return done;
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'lizheng-fanout-'));
const server = await PrivateNatsServer.start();
const schema = freshSchema('bench_fanout');
const access = generateAccess();
const token = access.tokens.find((t) => t.role === 'viewer')!.token;
const env = { DATABASE_URL: PG_URL, LIZHENG_ACCESS: JSON.stringify(access), LOG_LEVEL: 'warn' };
const children: { name: string; running: Running }[] = [];
const crowd: WatcherProcess[] = [];
let nats: Nats | null = null;
try {
  await runLizheng(['generate', '--days', String(DAYS), '--seed', '11', '--out', dir]);
  const lines = readFileSync(join(dir, 'feed.ndjson'), 'utf8').trimEnd().split('\n');
  const port = await freePort();
  nats = await connectNats(server.url, 'bench-fanout');
  await ensureStreams(nats.jsm); // the gateway follows ALERTS and SERIES from its start
  const gateway = startLizheng(
    ['gateway', '--nats', server.url, '--port', String(port), '--clock', 'event', '--store-schema', schema],
    env,
  );
  children.push({ name: 'gateway', running: gateway });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; !(await fetch(`${url}/health`).catch(() => null)); i++) {
    if (i > 300) throw new Error('the gateway did not answer GET /health within 30 s');
    await sleep(100);
  }
  // After the gateway, which created the store's schema: two processes migrating one schema at once would race.
  const engine = startLizheng(
    ['engine', '--nats', server.url, '--replay', '--store', '--store-schema', schema, '--checkpoint-ms', '500'],
    env,
  );
  children.push({ name: 'engine', running: engine });
  for (let i = 0; i < PROCESSES; i++) {
    const share = Math.floor(CLIENTS / PROCESSES) + (i < CLIENTS % PROCESSES ? 1 : 0);
    crowd.push(await WatcherProcess.start(url, token, share));
  }
  console.log(`${CLIENTS} clients in ${PROCESSES} processes hold their first snapshot; replay starts`);
  const replay = startLizheng(
    ['replay', '--input', '-', '--nats', server.url, '--speed', 'max', '--no-progress'],
    env,
    {
      stdin: true,
    },
  );
  children.push({ name: 'replay', running: replay });
  const pacer = pace(replay.child.stdin!, lines, RATE);
  const processes: Measured[] = [
    ...children.map((c) => ({ name: c.name, pid: c.running.child.pid! })),
    ...crowd.map((w, i) => ({ name: `clients ${i + 1}`, pid: w.child.pid! })),
  ];
  // Past weeks accumulate in the store (70 s at 2,000/s is about 28 days), so snapshots carry every cell's expectation.
  await sleep(WARMUP_S * 1000);
  const loaded = await measure(crowd, nats, url, processes, WINDOW_S);
  await crowd[0].command({ type: 'keep', clients: 1 }, 'kept');
  for (const w of crowd.slice(1)) await w.command({ type: 'keep', clients: 0 }, 'kept');
  await sleep(SETTLE_MS);
  const baseline = await measure(crowd, nats, url, processes, BASELINE_S);
  const written = await pacer.stop();
  const replayed = await replay.done;

  console.log(`feed: ${lines.length} reports over ${DAYS} days, ${written} fed to lizheng replay at ${RATE}/s`);
  console.log(`replay: ${replayed.stdout.trim()} (exit ${replayed.code})`);
  console.log(
    '| clients | s | reports/s into INTAKE | engine backlog start → end | snapshots built | per client | cells |' +
      ' p50 ms | p99 ms | max ms | behind at end (clients) | most behind in window (clients) | never received |' +
      ' alerts per client | kB/s per client | gateway CPU | gateway loop p99 ms | client loop p99 ms | load |',
  );
  console.log(`|${' --- |'.repeat(19)}`);
  const row = (p: Phase) =>
    `| ${p.clients} | ${p.seconds.toFixed(1)} | ${p.reportsPerSecond.toFixed(0)} | ${p.enginePending.join(' → ')} | ` +
    `${p.built} (${p.seen} seen) | ${p.perClient.toFixed(1)} | ${p.cells} | ${p.p50} | ${p.p99} | ${p.max} | ` +
    `${distribution(p.behindAtEnd)} | ${distribution(p.behindInWindow)} | ${p.neverReceived} | ` +
    `${p.alertsPerClient.toFixed(1)} | ${(p.charsPerClientSecond / 1000).toFixed(0)} | ` +
    `${(p.cpu.gateway * 100).toFixed(0)} % | ${p.gatewayLoopP99Ms.toFixed(0)} | ${p.clientLoopP99Ms.toFixed(0)} | ` +
    `${p.load.toFixed(1)} |`;
  console.log(row(loaded));
  console.log(row(baseline));
  const cpu = (p: Phase) =>
    Object.entries(p.cpu)
      .map(([name, c]) => `${name} ${(c * 100).toFixed(0)} %`)
      .join(', ');
  console.log(`CPU per second of window, ${loaded.clients} clients: ${cpu(loaded)}`);
  console.log(`CPU per second of window, ${baseline.clients} client: ${cpu(baseline)}`);
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  console.log(
    `ratio ${loaded.clients} ÷ ${baseline.clients}: p99 ${ratio(loaded.p99, baseline.p99)}×, ` +
      `gateway CPU ${ratio(loaded.cpu.gateway, baseline.cpu.gateway)}×`,
  );
} finally {
  for (const w of crowd) if (w.child.connected) w.child.send({ type: 'exit' } satisfies WatcherCommand);
  const stop = (signal: NodeJS.Signals) => {
    for (const c of children) if (c.running.child.exitCode === null) c.running.child.kill(signal);
  };
  stop('SIGTERM');
  // An engine behind the replay drains its backlog before stopping, for minutes, loading the next run: not waited for.
  const killer = setTimeout(() => stop('SIGKILL'), 10_000);
  for (const c of children) {
    const done = await c.running.done;
    if (done.stderr.trim())
      console.error(`${c.name} (exit ${done.code ?? done.signal}):\n${done.stderr.trim().slice(-1500)}`);
  }
  clearTimeout(killer);
  await nats?.nc.close();
  await server.dispose();
  await dropSchema(schema);
  rmSync(dir, { recursive: true, force: true });
}
