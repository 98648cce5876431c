import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_KEYS } from '../engine/stream/nats-names.ts';
import { referenceCellTotals, sorted } from './support/cell-totals.ts';
import { waitForCheckpoint } from './support/checkpoint-watch.ts';
import { runLizheng, startLizheng, type Finished } from './support/lizheng-process.ts';
import { PrivateNatsServer } from './support/nats-server.ts';
import { replayOnceReady } from './support/paced-replay.ts';
import { replayFixture, type ReplayFixture } from './support/replay-fixture.ts';
import { PG_URL, adminQuery, dropSchema, freshSchema } from './store-fixtures.ts';

let fx: ReplayFixture;
const schemas: string[] = [];
beforeAll(async () => {
  fx = await replayFixture(3, 3);
});
afterAll(async () => {
  for (const s of schemas) await dropSchema(s);
  await fx?.dispose();
});

const env = { DATABASE_URL: PG_URL };

function newSchema(): string {
  const schema = freshSchema('t_engine_store');
  schemas.push(schema);
  return schema;
}

/**
 * The engine's closing tally since its checkpoint's start (a restored run also prints its own share first): reports
 * counted and late.
 */
function tallyOf(run: Finished): { counted: number; late: number } {
  const m = /(?:engine: |since the checkpoint's start: )\d+ messages, (\d+) counted, \d+ duplicates, (\d+) late/.exec(
    run.stderr,
  );
  if (!m) throw new Error(`no engine summary in:\n${run.stderr}`);
  return { counted: Number(m[1]), late: Number(m[2]) };
}

/** Reports lizheng detect counts on the fixture's feed. */
const referenceCount = (): number => [...referenceCellTotals(fx.feed).values()].reduce((a, b) => a + b, 0);

/** Every stored report once, the stored minutes adding up to detect's cell totals, detect's alerts. */
async function expectStored(schema: string, tally: { counted: number; late: number }): Promise<void> {
  const [reports] = await adminQuery<{ n: string; ids: string; late: string }>(
    `SELECT count(*) AS n, count(DISTINCT id) AS ids, count(*) FILTER (WHERE late) AS late FROM "${schema}".reports`,
  );
  const reference = referenceCellTotals(fx.feed);
  expect(tally.counted).toBe(referenceCount());
  expect({ n: Number(reports!.n), ids: Number(reports!.ids), late: Number(reports!.late) }).toEqual({
    n: tally.counted + tally.late,
    ids: tally.counted + tally.late,
    late: tally.late,
  });

  const cells = await adminQuery<{ cell: string; total: string }>(
    `SELECT district || '.' || topic AS cell, sum(reports) AS total FROM "${schema}".series_1m GROUP BY 1`,
  );
  const stored = new Map(cells.filter((c) => Number(c.total) > 0).map((c) => [c.cell, Number(c.total)]));
  expect(sorted(stored)).toEqual(sorted(reference));

  const events = fx.expected
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; alert: { id: string; status: string } });
  const finalStatus = new Map(events.map((e) => [e.alert.id, e.alert.status]));
  const alerts = await adminQuery<{ id: string; status: string }>(
    `SELECT id, status FROM "${schema}".alerts ORDER BY id`,
  );
  expect(Object.fromEntries(alerts.map((a) => [a.id, a.status]))).toEqual(Object.fromEntries([...finalStatus].sort()));
  const [stream] = await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".alert_events`);
  expect(Number(stream!.n)).toBe(events.length);
  await expectCallersHashed(schema);
}

/**
 * Callers are stored only as keyed hashes, in the row and in its raw payload, one hash per person: the distinct people
 * of the stored reports are as many as the feed's distinct caller ids among them.
 */
async function expectCallersHashed(schema: string): Promise<void> {
  const sent = new Map<string, string>();
  for (const line of readFileSync(fx.feed, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as { id: string; callerId?: string | null };
    sent.set(r.id, r.callerId || `report:${r.id}`);
  }
  const rows = await adminQuery<{ id: string; caller: string; raw_caller: string | null }>(
    `SELECT id, caller, raw->>'callerId' AS raw_caller FROM "${schema}".reports`,
  );
  const hashOf = new Map<string, Set<string>>();
  for (const row of rows) {
    const callerId = sent.get(row.id)!;
    if (callerId.startsWith('report:')) expect(row.caller).toBe(callerId);
    else {
      expect(row.caller).toMatch(/^h:[\w-]{22}$/);
      expect(row.raw_caller).toBe(row.caller);
    }
    hashOf.set(callerId, (hashOf.get(callerId) ?? new Set()).add(row.caller));
  }
  expect([...hashOf.values()].every((hashes) => hashes.size === 1)).toBe(true);
  expect(new Set(rows.map((r) => r.caller)).size).toBe(hashOf.size);
  expect(hashOf.size).toBeGreaterThan(100);
}

describe('lizheng engine --store', () => {
  it('stores every counted report once, the closed minutes and the alerts of lizheng detect', async () => {
    const schema = newSchema();
    await runLizheng(['replay', '--input', fx.feed, '--nats', fx.server.url, '--no-progress']);
    const engine = await runLizheng(
      ['engine', '--replay', '--store', '--store-schema', schema, '--print', '--nats', fx.server.url],
      env,
    );
    expect(engine.stderr).toContain('stopping: end of the replayed feed');
    expect(engine.stderr).toContain('no warm start');
    expect(engine.stdout).toBe(fx.expected);
    await expectStored(schema, tallyOf(engine));
  }, 240_000);

  it('after kill -9 and a restart, still stores every report once', async () => {
    const server = await PrivateNatsServer.start();
    try {
      const schema = newSchema();
      const args = [
        'engine',
        '--replay',
        '--store',
        '--store-schema',
        schema,
        '--nats',
        server.url,
        '--checkpoint-every',
        '500',
        '--checkpoint-ms',
        '200',
      ];
      const first = startLizheng(args, env);
      const replay = await replayOnceReady(server.url, fx.feed, ['engine.all']);
      await waitForCheckpoint(server.url, CHECKPOINT_KEYS.whole);
      await sleep(300);
      first.child.kill('SIGKILL');
      const killed = await first.done;
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      const [before] = await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".reports`);
      expect(Number(before!.n)).toBeGreaterThan(0);
      expect(Number(before!.n), 'killed mid-feed').toBeLessThan(referenceCount());

      const second = await runLizheng(args, env);
      expect(second.stderr).toMatch(/restored checkpoint through INTAKE seq \d+/);
      expect((await replay.done).code).toBe(0);
      expect(second.stderr).toMatch(/engine: this run: \d+ messages, [1-9]\d* counted/);
      await expectStored(schema, tallyOf(second));
    } finally {
      await server.dispose();
    }
  }, 240_000);

  it('started live without a checkpoint, learns the stored days before consuming (warm start)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lizheng-warm-'));
    const [feedServer, liveServer] = [await PrivateNatsServer.start(), await PrivateNatsServer.start()];
    try {
      const schema = newSchema();
      // Three whole local days ending at today's midnight in Chengdu (+08:00): all inside the last 4 weeks.
      const start = new Date(Date.now() + 8 * 3_600_000 - 3 * 86_400_000).toISOString().slice(0, 10);
      await runLizheng(['generate', '--days', '3', '--seed', '3', '--start', start, '--out', dir, '--no-progress']);
      await runLizheng(['replay', '--input', join(dir, 'feed.ndjson'), '--nats', feedServer.url, '--no-progress']);
      await runLizheng(['engine', '--replay', '--store', '--store-schema', schema, '--nats', feedServer.url], env);

      const live = startLizheng(['engine', '--store', '--store-schema', schema, '--nats', liveServer.url], env);
      let stderr = '';
      live.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      for (let i = 0; i < 300 && !/warm start learned/.test(stderr) && live.child.exitCode === null; i++)
        await sleep(50);
      live.child.kill('SIGTERM');
      const stopped = await live.done;
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(stopped.stderr).toContain('engine: warm start learned 3 days of hourly counts from the store');
    } finally {
      await feedServer.dispose();
      await liveServer.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
