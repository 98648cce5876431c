// The first checkpoint comes within the configured interval even when the engine starts on a backlog of
// ~100k messages (it used to wait >10 s behind the publisher's traffic on the same connection), and kill -9
// in the first seconds, restarted each time, still gives detect's alerts. Against a real nats-server.
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertLines } from './support/jetstream-reader.ts';
import { runLizheng, startLizheng, waitForHealth, type Running } from './support/lizheng-process.ts';
import { freePort } from './support/nats-server.ts';
import { replayFixture, type ReplayFixture } from './support/replay-fixture.ts';

let fx: ReplayFixture;
beforeAll(async () => {
  fx = await replayFixture(18, 1); // ≈ 97k lines; the whole feed is published before any engine starts
  await runLizheng(['replay', '--input', fx.feed, '--nats', fx.server.url, '--no-progress']);
}, 240_000);
afterAll(() => fx?.dispose());

interface Health {
  checkpoints: number;
  processed: number;
}

/** Start an engine on the backlog and wait for its first /health answer (consuming has begun). */
async function startOnBacklog(port: number): Promise<{ engine: Running; at: number }> {
  // --wait-lease: the engine killed before holds the role's lease until it expires.
  const engine = startLizheng([
    'engine',
    '--replay',
    '--wait-lease',
    '--nats',
    fx.server.url,
    '--health-port',
    String(port),
  ]);
  await waitForHealth(engine, port);
  return { engine, at: Date.now() };
}

describe('an engine started on a backlog', () => {
  it('makes its first checkpoint durable within the configured interval (50,000 messages), long before the backlog ' +
    'ends', async () => {
    const port = await freePort();
    const { engine, at } = await startOnBacklog(port);
    let first: (Health & { ms: number }) | null = null;
    while (!first && Date.now() - at < 20_000) {
      const h = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as Health;
      if (h.checkpoints > 0) first = { ...h, ms: Date.now() - at };
      else await sleep(50);
    }
    engine.child.kill('SIGKILL');
    await engine.done;
    process.stderr.write(`first checkpoint ${first?.ms} ms after /health answered, at ${first?.processed} messages\n`);
    expect(first).not.toBeNull();
    // Judged in messages, which load slows no more than the checkpoint itself: the old engine made its first
    // checkpoint durable only after the whole backlog; now it must be before most of it (50,000 is the count due).
    const backlog = readFileSync(fx.feed, 'utf8').split('\n').length - 1;
    expect(first!.processed).toBeLessThan(Math.min(0.8 * backlog, 50_000 + 4 * 1_024));
  }, 60_000);

  it("killed -9 at 0.5 s, 1.5 s and 3 s and restarted each time, gives detect's alerts; a restart after the end " +
    'counts nothing again', async () => {
    for (const killAt of [500, 1_500, 3_000]) {
      const port = await freePort();
      const { engine, at } = await startOnBacklog(port);
      await sleep(Math.max(0, killAt - (Date.now() - at)));
      engine.child.kill('SIGKILL');
      expect((await engine.done).signal).toBe('SIGKILL');
    }
    const last = await runLizheng(['engine', '--replay', '--wait-lease', '--nats', fx.server.url]);
    expect(last.stderr).toMatch(/restored checkpoint through INTAKE seq \d+/);
    expect(await alertLines(fx.server.url)).toBe(fx.expected);

    const again = await runLizheng(['engine', '--replay', '--wait-lease', '--nats', fx.server.url]);
    expect(again.stderr).toContain('the replayed feed had already ended');
    expect(again.stderr).toMatch(
      new RegExp(
        `engine: this run: 0 messages, 0 counted, 0 duplicates, 0 late, 0 poison, ` +
          String.raw`0 quarantined for their time; since the checkpoint's start: [1-9]\d* messages, [1-9]\d* counted`,
      ),
    );
  }, 300_000);
});
