// The platform as the browser tests need it: a private nats-server, `lizheng engine --replay --store` and a separate
// `lizheng gateway --clock event` on PostgreSQL (so a test can kill the gateway alone), and a generated feed played
// through `lizheng replay --input -` whose stdin stays open, so the engine keeps running (and the feed clock stays
// on the feed's time) after the last report instead of stopping at end-of-feed markers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../../engine/stream/nats-child-server.ts';
import type { Truth, TruthSurge } from '../../engine/generate/truth.ts';
import { generateAccess, type Role } from '../../gateway/access-tokens.ts';
import { dropSchema, freshSchema, PG_URL } from '../store-fixtures.ts';
import { runLizheng, startLizheng, type Running } from './lizheng-process.ts';
import { usePrivateNats, type PrivateNats } from './nats-server.ts';
import { waitForRoles } from './paced-replay.ts';

/** Three generated days (seed 3): day 2 holds an incident of 15 people about one place, 19:05–20:06. */
const DAYS = '3';
const SEED = '3';

export interface DashboardStack {
  readonly nats: PrivateNats;
  /** http://127.0.0.1:PORT of the gateway (the same port across a restart). */
  url: string;
  schema: string;
  /** The generated feed's lines (event order) and its ground truth. */
  feed: { lines: string[]; truth: Truth };
  /** The bearer token of a role. */
  token(role: Role): string;
  /** The feed's first injected incident (dongbu · noise) and its reports up to 40 minutes after it began. */
  incident(): { surge: TruthSurge; lines: string[] };
  /** Publish `lines` through `lizheng replay --input -` at `speed` (max, or an event-time speed-up). */
  play(lines: readonly string[], speed?: string): void;
  /** GET an /api route as `role`; throws on a non-2xx answer. */
  api<T>(path: string, role?: Role): Promise<T>;
  startGateway(): Promise<void>;
  /** SIGKILL the gateway and wait for it to be gone. */
  killGateway(): Promise<void>;
}

export function useDashboardStack(): DashboardStack {
  const nats = usePrivateNats({ streams: true });
  const access = generateAccess();
  const dir = mkdtempSync(join(tmpdir(), 'lizheng-dashboard-'));
  const schema = freshSchema('t_dashboard');
  let port = 0;
  let engine: Running | null = null;
  let gateway: Running | null = null;
  let replay: Running | null = null;

  const stack: DashboardStack = {
    nats,
    url: '',
    schema,
    feed: { lines: [], truth: {} as Truth },
    token: (role) => access.tokens.find((t) => t.role === role)!.token,
    incident() {
      const surge = stack.feed.truth.surges.find((s) => s.kind === 'incident')!;
      const cut = Date.parse(surge.start) + 40 * 60_000;
      const lines = stack.feed.lines.filter(
        (l) => Date.parse((JSON.parse(l) as { receivedAt: string }).receivedAt) < cut,
      );
      return { surge, lines };
    },
    play(lines, speed = 'max') {
      replay ??= startLizheng(
        ['replay', '--input', '-', '--speed', speed, '--nats', nats.server.url, '--no-progress'],
        {},
        { stdin: true },
      );
      replay.child.stdin!.write(`${lines.join('\n')}\n`);
    },
    async api<T>(path: string, role: Role = 'viewer'): Promise<T> {
      const res = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${stack.token(role)}` } });
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async startGateway() {
      const env = { NATS_URL: nats.server.url, DATABASE_URL: PG_URL, LIZHENG_ACCESS: JSON.stringify(access) };
      const args = ['gateway', '--port', String(port), '--store-schema', schema, '--clock', 'event'];
      const run = startLizheng([...args, '--log-level', 'warn'], env);
      for (let i = 0; i < 600; i++, await sleep(100)) {
        if (run.child.exitCode !== null) throw new Error(`lizheng gateway exited ${run.child.exitCode}`);
        if ((await fetch(`${stack.url}/health`).catch(() => null))?.ok) {
          gateway = run;
          return;
        }
      }
      run.child.kill('SIGKILL');
      throw new Error('lizheng gateway did not answer /health within 60 s');
    },
    async killGateway() {
      const run = gateway;
      gateway = null;
      run?.child.kill('SIGKILL');
      await run?.done;
    },
  };

  beforeAll(async () => {
    await runLizheng(['generate', '--days', DAYS, '--seed', SEED, '--out', dir, '--no-progress']);
    stack.feed = {
      lines: readFileSync(join(dir, 'feed.ndjson'), 'utf8').trimEnd().split('\n'),
      truth: JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth,
    };
    engine = startLizheng(
      ['engine', '--replay', '--store', '--store-schema', schema, '--nats', nats.server.url, '--checkpoint-ms', '200'],
      { DATABASE_URL: PG_URL, LOG_LEVEL: 'warn' },
    );
    await waitForRoles(nats.server.url, ['engine.all']);
    port = await freePort();
    stack.url = `http://127.0.0.1:${port}`;
    await stack.startGateway();
    const bundle = await fetch(`${stack.url}/dashboard/wall.js`);
    if (!bundle.ok) throw new Error(`the dashboard bundle is not served (${bundle.status}): run npm run build`);
  }, 120_000);

  afterAll(async () => {
    // SIGTERM first; an engine still writing a replayed backlog to the store can take over a minute to stop, which
    // is not what these tests judge, so it is killed after 20 s.
    for (const run of [replay, gateway, engine]) {
      run?.child.kill('SIGTERM');
      const killer = setTimeout(() => run?.child.kill('SIGKILL'), 20_000);
      await run?.done;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  }, 60_000);

  return stack;
}
