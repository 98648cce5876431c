// `lizheng start --demo` smoke test: a new user's first minutes — the generated city's first live surge is detected
// and reaches a Socket.IO client within a bounded time, and Ctrl-C takes everything down, the demo's nats-server too.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { answers, freePort } from '../engine/stream/nats-child-server.ts';
import { generateAccess, type AccessFile } from '../gateway/access-tokens.ts';
import type { LiveAlert } from '../schemas/alert-workflow.ts';
import { connectLive } from './support/live-client.ts';
import { startLizheng } from './support/lizheng-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'lizheng-demo-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/**
 * Generous for a loaded two-core machine: at --speed 600 a quiet one shows the first live alert about 25 s after
 * start (90 s at the default 60×); at a load of 15 the socket had it and the store too within 250 s.
 */
const ALERT_WITHIN_MS = 300_000;
/** How far the store (GET /api/alerts) may trail the socket: the engine writes it behind the history's reports. */
const STORED_WITHIN_MS = 120_000;

describe('lizheng start --demo', () => {
  it("serves the first injected live surge's alert within the bound, then stops cleanly on Ctrl-C", async () => {
    const port = await freePort();
    // A deployment's settings in the environment must not reach the demo. Live play at 600×: the first surge
    // comes within seconds of the history, not a minute.
    const run = startLizheng(
      // --no-reports: the morning report's schedule is tested on its own (morning-report-schedule); here it would only
      // add Chromium-free but store-heavy work to a test judged by how soon the store lists an alert.
      [
        'start',
        '--demo',
        '--no-reports',
        '--speed',
        '600',
        '--port',
        String(port),
        '--data-dir',
        dataDir,
        '--log-level',
        'warn',
      ],
      {
        NATS_URL: 'nats://127.0.0.1:1',
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        LIZHENG_ACCESS: JSON.stringify(generateAccess()),
      },
      { group: true },
    );
    let out = '';
    let err = '';
    run.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    run.child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const started = Date.now();
    const waitFor = async (what: string, ready: () => RegExpExecArray | boolean | null) => {
      while (!ready()) {
        if (run.child.exitCode !== null) throw new Error(`lizheng start --demo exited ${run.child.exitCode}:\n${err}`);
        if (Date.now() - started > ALERT_WITHIN_MS) throw new Error(`no ${what} within ${ALERT_WITHIN_MS} ms:\n${err}`);
        await sleep(200);
      }
    };
    await waitFor('banner', () => out.includes('Ctrl-C stops it.'));
    // A wall display's view: a socket client with the viewer token, connected before the feed starts.
    const access = JSON.parse(readFileSync(join(dataDir, 'demo', 'access.json'), 'utf8')) as AccessFile;
    const viewer = access.tokens.find((t) => t.role === 'viewer')!.token;
    const client = await connectLive(`http://127.0.0.1:${port}`, { token: viewer });
    try {
      const plan = () => /first injected surge, \S+ in .* \((\w+)\) · .* \((\w+)\), starts at (\S+)/.exec(err);
      await waitFor('demo plan', plan);
      const [, district, topic, surgeStart] = plan()!;
      const isTheSurge = (a: LiveAlert) =>
        a.district === district && a.topic === topic && Date.parse(a.openedAt) >= Date.parse(surgeStart);
      await waitFor(`alert of the surge in ${district} · ${topic}`, () => [...client.board.values()].some(isTheSurge));
      // The socket has it from ALERTS at once; GET /api/alerts reads the store, which the engine writes behind the
      // history's 137k reports (a minute or more behind under load).
      let listed: LiveAlert[] = [];
      const seen = Date.now();
      for (; !listed.some(isTheSurge) && Date.now() - seen < STORED_WITHIN_MS; await sleep(1_000)) {
        const res = await fetch(`http://127.0.0.1:${port}/api/alerts?district=${district}&topic=${topic}`, {
          headers: { authorization: `Bearer ${viewer}` },
        });
        expect(res.status).toBe(200);
        listed = ((await res.json()) as { items: LiveAlert[] }).items;
      }
      expect(listed.filter(isTheSurge)).not.toEqual([]);
    } finally {
      client.close();
    }
    expect(err).toMatch(/demo: history replayed in \d+ s/);

    // The demo's own nats-server is on a free port the banner names, and goes with the platform.
    const natsPort = Number(/NATS {6}nats:\/\/127\.0\.0\.1:(\d+) \(the demo's own nats-server/.exec(out)?.[1]);
    expect(await answers('127.0.0.1', natsPort)).toBe(true);
    process.kill(-run.child.pid!, 'SIGINT'); // Ctrl-C in its terminal: the whole process group
    const done = await run.done;
    expect({ code: done.code, tail: done.stderr.slice(-2_000) }).toEqual({ code: 0, tail: expect.any(String) });
    expect(await answers('127.0.0.1', natsPort)).toBe(false);
  }, 540_000);
});
