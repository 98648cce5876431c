// `lizheng start` as a user runs it: a real process on real NATS and an embedded database in a temp data directory.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { answers, freePort } from '../engine/stream/nats-child-server.ts';
import { CheckpointStore } from '../engine/stream/checkpoint-store.ts';
import { openCheckpointBucket } from '../engine/stream/stream-setup.ts';
import { openStore } from '../engine/store/index.ts';
import { CityClock } from '../engine/time/event-time.ts';
import type { AccessFile } from '../gateway/access-tokens.ts';
import { startLizheng, type Running } from './support/lizheng-process.ts';
import { usePrivateNats } from './support/nats-server.ts';
import { waitForCheckpoint } from './support/checkpoint-watch.ts';
import { VALID_REPORT } from './support/valid-report.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'lizheng-start-'));
  dirs.push(dir);
  return dir;
};

/** Start `lizheng start` and wait for its banner (the last line it prints once everything listens). */
async function startPlatform(
  args: string[],
  env: Record<string, string> = {},
): Promise<Running & { out: () => string }> {
  // The embedded database and generated tokens, whatever the developer's shell exports.
  // In a process group of its own, so that `ctrlC` reaches it, and its children, as a terminal's Ctrl-C would.
  const run = startLizheng(
    ['start', '--log-level', 'warn', ...args],
    { DATABASE_URL: '', LIZHENG_ACCESS: '', ...env },
    { group: true },
  );
  let out = '';
  let err = '';
  run.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  run.child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  for (let i = 0; i < 1200 && !out.includes('Ctrl-C stops it.'); i++) {
    if (run.child.exitCode !== null) throw new Error(`lizheng start exited ${run.child.exitCode}:\n${err}`);
    await sleep(100);
  }
  if (!out.includes('Ctrl-C stops it.')) throw new Error(`lizheng start printed no banner in 120 s:\n${err}`);
  return { ...run, out: () => out };
}

/** Ctrl-C in the terminal `run` was started from: SIGINT to its whole process group. */
const ctrlC = (run: Running) => process.kill(-run.child.pid!, 'SIGINT');

const clock = new CityClock('Asia/Shanghai');
const REPORTS = 8;

describe('lizheng start joining a running NATS server', () => {
  const nats = usePrivateNats();

  it('prints the URL and the generated tokens (file mode 0600), serves /health, takes reports, and on Ctrl-C exits 0 ' +
    'with the checkpoint written and the database closed', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const run = await startPlatform(['--port', String(port), '--data-dir', dataDir], { NATS_URL: nats.server.url });
    const out = run.out();
    expect(out).toContain(`http://127.0.0.1:${port}`);
    expect(out).toContain(`${nats.server.url} (joined)`);
    const accessPath = join(dataDir, 'access.json');
    expect(statSync(accessPath).mode & 0o777).toBe(0o600);
    const access = JSON.parse(readFileSync(accessPath, 'utf8')) as AccessFile;
    expect(access.tokens.map((t) => t.role)).toEqual(['viewer', 'officer', 'admin']);
    for (const t of access.tokens) expect(out).toContain(`${t.role.padEnd(8)} Authorization: Bearer ${t.token}`);
    for (const k of access.apiKeys) expect(out).toContain(`X-Api-Key: ${k.key}`);

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    // Eight reports through the gateway's intake, with the hotline key the banner printed: a fresh engine's event-time
    // gate lets its first report through once five later ones agree with its time. Five minutes old, so the live
    // engine closes their minute at once (the watermark follows the wall clock) and counts and stores them.
    for (let i = 0; i < REPORTS; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/api/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': access.apiKeys[0].key },
        body: JSON.stringify({
          ...VALID_REPORT,
          id: `start-${i}`,
          receivedAt: clock.format(Date.now() - 5 * 60_000 - i * 1000),
        }),
      });
      expect(res.status).toBe(202);
    }
    await waitForCheckpoint(nats.server.url, 'engine.all', REPORTS - 1, 60_000);

    ctrlC(run);
    const done = await run.done;
    expect({ code: done.code, stderr: done.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(done.stderr).toContain(`engine: ${REPORTS} messages, ${REPORTS} counted`);
    expect(done.stderr).toContain('start: stopped (SIGINT)');
    const checkpoints = new CheckpointStore(await openCheckpointBucket(nats.nats.nc));
    expect((await checkpoints.load<{ seq: number }>('engine.all'))?.seq).toBe(REPORTS);
    // The database was closed (its lock given back) with the reports committed.
    const store = await openStore({
      databaseUrl: null,
      dataDir: join(dataDir, 'pg'),
      maintainEveryMs: null,
      log: () => {},
    });
    try {
      const [row] = await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM reports');
      expect(row.n).toBe(REPORTS);
    } finally {
      await store.close();
    }
  }, 240_000);
});

describe('lizheng start with no NATS server answering', () => {
  it('starts its own nats-server with its store in the data directory, stops it on Ctrl-C, and on a later start ' +
    'says where the tokens are instead of printing them', async () => {
    const dataDir = tempDataDir();
    const natsPort = await freePort();
    const env = { NATS_URL: `nats://127.0.0.1:${natsPort}` };
    for (const attempt of ['first', 'second']) {
      const port = await freePort();
      const run = await startPlatform(['--port', String(port), '--data-dir', dataDir], env);
      const out = run.out();
      expect(out).toContain(`nats://127.0.0.1:${natsPort} (a nats-server started for this run, store ${dataDir}/nats`);
      const access = JSON.parse(readFileSync(join(dataDir, 'access.json'), 'utf8')) as AccessFile;
      if (attempt === 'first') expect(out).toContain(access.tokens[0].token);
      else {
        expect(out).not.toContain(access.tokens[0].token);
        expect(out).toContain(`tokens and API keys in ${dataDir}/access.json`);
      }
      const ready = (await (await fetch(`http://127.0.0.1:${port}/ready`)).json()) as {
        checks: Array<{ name: string; ok: boolean; detail: string }>;
      };
      expect(ready.checks.find((c) => c.name === 'nats')).toEqual({
        name: 'nats',
        ok: true,
        detail: `127.0.0.1:${natsPort}`,
      });
      expect(await answers('127.0.0.1', natsPort)).toBe(true);

      ctrlC(run);
      const done = await run.done;
      expect({ attempt, code: done.code }).toEqual({ attempt, code: 0 });
      // The child server outlived the engine's last checkpoint: Ctrl-C reached the platform, not the server directly.
      expect(done.stderr).not.toMatch(/checkpoint not written|not renewed/);
      expect(await answers('127.0.0.1', natsPort)).toBe(false);
      expect(statSync(join(dataDir, 'nats', 'jetstream')).isDirectory()).toBe(true);
    }
  }, 300_000);

  it('stops with an error naming its nats-server when that server dies under it', async () => {
    const dataDir = tempDataDir();
    const natsPort = await freePort();
    const run = await startPlatform(['--port', String(await freePort()), '--data-dir', dataDir], {
      NATS_URL: `nats://127.0.0.1:${natsPort}`,
    });
    process.kill(Number(readFileSync(join(dataDir, 'nats.pid'), 'utf8')), 'SIGKILL');
    const done = await run.done;
    expect({ code: done.code, stderr: done.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining(`lizheng: the nats-server at nats://127.0.0.1:${natsPort} exited (SIGKILL)`),
    });
    // It closes its connections at once rather than retrying checkpoints against a server that is gone.
    expect(done.stderr).toContain('the nats-server is gone: the engine keeps its last checkpoint');
  }, 180_000);
});

describe('lizheng start and lizheng gateway refusing bad input', () => {
  it('exits 2 with one line naming the flag or what is missing, having started nothing and generated no ' +
    'tokens', async () => {
    const dataDir = tempDataDir();
    const port = String(await freePort());
    const start = (...args: string[]) => ['start', '--data-dir', dataDir, ...args];
    const cases: Array<[string[], Record<string, string>, string]> = [
      [start('--port', '70000'), {}, '--port must be a whole number ≥ 0 and ≤ 65535 (got "70000")'],
      [start('--speed', '120'), {}, '--speed: only with --demo'],
      [start('--demo', '--speed', '0'), {}, '--speed must be a positive number (got "0")'],
      [start('--cors', 'wall.example.cn'), {}, '--cors must be an origin like https://wall.example.cn'],
      [['gateway', '--rate-limit', '0'], {}, '--rate-limit must be a whole number ≥ 1 (got "0")'],
      [
        start('--nats', 'nats://192.0.2.1:4222', '--port', port),
        {},
        'nothing answers at nats://192.0.2.1:4222: start nats-server -js there, or leave out --nats and NATS_URL',
      ],
      [
        start('--port', port),
        { LIZHENG_ACCESS: '{"tokens": []}' },
        'LIZHENG_ACCESS: /apiKeys: Expected required property',
      ],
      [['gateway', '--port', port], {}, 'lizheng gateway needs DATABASE_URL (PostgreSQL)'],
      [
        ['gateway', '--port', port, '--access', join(dataDir, 'none.json')],
        { DATABASE_URL: 'postgres://root@127.0.0.1:5432/test' },
        'no access tokens: set LIZHENG_ACCESS or --access FILE',
      ],
    ];
    // All at once: each fails before it starts anything, so they cannot meet (and the suite waits for one, not nine).
    const runs = await Promise.all(
      cases.map(([args, env]) => startLizheng(args, { DATABASE_URL: '', LIZHENG_ACCESS: '', ...env }).done),
    );
    cases.forEach(([args, , message], i) => {
      const done = runs[i];
      expect({ args, code: done.code, stderr: done.stderr }).toEqual({
        args,
        code: 2,
        stderr: expect.stringContaining(message),
      });
      expect(done.stderr.trim().split('\n')).toHaveLength(1);
    });
    expect(existsSync(join(dataDir, 'access.json'))).toBe(false);
  }, 120_000);
});

describe('lizheng start failing after its services started', () => {
  it('on a port in use exits 2 naming it, stops the nats-server it started and keeps no unshown tokens', async () => {
    const dataDir = tempDataDir();
    const natsPort = await freePort();
    const squatter = createServer().listen(0, '127.0.0.1');
    await once(squatter, 'listening');
    const port = (squatter.address() as AddressInfo).port;
    try {
      const done = await startLizheng(['start', '--data-dir', dataDir, '--port', String(port), '--log-level', 'warn'], {
        NATS_URL: `nats://127.0.0.1:${natsPort}`,
        DATABASE_URL: '',
        LIZHENG_ACCESS: '',
      }).done;
      expect({ code: done.code, stderr: done.stderr }).toEqual({
        code: 2,
        stderr: expect.stringContaining(
          `--host 127.0.0.1 --port ${port}: 127.0.0.1:${port} is in use by another process`,
        ),
      });
      expect(await answers('127.0.0.1', natsPort)).toBe(false);
      expect(existsSync(join(dataDir, 'access.json'))).toBe(false);
    } finally {
      squatter.close();
    }
  }, 120_000);
});
