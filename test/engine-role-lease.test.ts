// One owner per engine role: a second engine of the same role refuses (exit 2, naming the first), a
// --wait-lease one takes over once the kill -9'd first one's lease expires and gives detect's alerts; a
// stale owner can never overwrite a newer checkpoint. Against a real nats-server.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointStore } from '../engine/stream/checkpoint-store.ts';
import { connectNats } from '../engine/stream/nats-connection.ts';
import { CHECKPOINT_KEYS } from '../engine/stream/nats-names.ts';
import { RoleLeases } from '../engine/stream/role-lease.ts';
import { openCheckpointBucket } from '../engine/stream/stream-setup.ts';
import { CheckpointConflictError, LeaseError } from '../engine/stream/stream-errors.ts';
import { waitForCheckpoint } from './support/checkpoint-watch.ts';
import { alertLines } from './support/jetstream-reader.ts';
import { startLizheng } from './support/lizheng-process.ts';
import { PrivateNatsServer } from './support/nats-server.ts';
import { waitForRoles } from './support/paced-replay.ts';
import { replayFixture, type ReplayFixture } from './support/replay-fixture.ts';
import { createLogger } from '../engine/log.ts';

const quiet = await createLogger('silent');

let fx: ReplayFixture | undefined;
let server: PrivateNatsServer | undefined;
afterEach(async () => {
  await fx?.dispose();
  await server?.dispose();
  fx = undefined;
  server = undefined;
});

describe('one owner per engine role', () => {
  it('a second engine refuses naming the first; after kill -9 a --wait-lease engine takes over and the alerts are ' +
    "detect's", async () => {
    fx = await replayFixture(3, 2);
    const args = ['engine', '--replay', '--nats', fx.server.url, '--checkpoint-every', '500', '--checkpoint-ms', '200'];
    const first = startLizheng(args);
    // Paced slowly enough (three days in about 30 s) that the first engine is still mid-feed when it is killed.
    await waitForRoles(fx.server.url, ['engine.all']);
    const replay = startLizheng([
      'replay',
      '--input',
      fx.feed,
      '--speed',
      '8000',
      '--nats',
      fx.server.url,
      '--no-progress',
    ]);
    await waitForCheckpoint(fx.server.url, CHECKPOINT_KEYS.whole);

    const refused = await startLizheng(args).done;
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(
      new RegExp(`engine\\.all is already run by \\S+ \\(pid ${first.child.pid} on \\S+, since \\d{4}-`),
    );
    expect(refused.stderr).toContain('--wait-lease');

    const taker = startLizheng([...args, '--wait-lease']);
    let takerLog = '';
    taker.child.stderr!.on('data', (d: Buffer) => (takerLog += d.toString()));
    for (let i = 0; i < 600 && !/waiting for its lease/.test(takerLog); i++) await sleep(50);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stderr).not.toContain('end of the replayed feed');

    const took = await taker.done;
    expect(took.code, took.stderr).toBe(0);
    expect(took.stderr).toMatch(/waiting for its lease to be released or to expire/);
    expect(took.stderr).toContain('took over the lease of engine.all');
    expect((await replay.done).code).toBe(0);
    expect(await alertLines(fx.server.url)).toBe(fx.expected);
  }, 240_000);

  it('a stale owner cannot overwrite a newer checkpoint, and a held lease names its holder', async () => {
    server = await PrivateNatsServer.start();
    const a = await connectNats(server.url, 'owner-a');
    const b = await connectNats(server.url, 'owner-b');
    try {
      const storeA = new CheckpointStore(await openCheckpointBucket(a.nc));
      const storeB = new CheckpointStore(await openCheckpointBucket(b.nc));
      expect(await storeA.load('decide')).toBeNull();
      expect(await storeB.load('decide')).toBeNull();
      await storeB.save('decide', '{"seq":10}'); // B took over and wrote
      await expect(storeA.save('decide', '{"seq":5}')).rejects.toBeInstanceOf(CheckpointConflictError);
      expect(await storeB.load('decide')).toEqual({ seq: 10 });
      await storeB.save('decide', '{"seq":11}'); // the owner goes on writing over its own revisions
      expect(await storeA.load('decide')).toEqual({ seq: 11 });

      const held = await RoleLeases.acquire(a.nc, ['decide'], { log: quiet });
      expect(held.held).toBe(true);
      await expect(RoleLeases.acquire(b.nc, ['decide'], { log: quiet })).rejects.toThrow(LeaseError);
      await expect(RoleLeases.acquire(b.nc, ['decide'], { log: quiet })).rejects.toThrow(
        `decide is already run by ${held.owner} (pid ${process.pid}`,
      );
      await held.release();
      const next = await RoleLeases.acquire(b.nc, ['decide'], { log: quiet });
      expect(next.held).toBe(true);
      await next.release();
    } finally {
      await a.nc.close();
      await b.nc.close();
    }
  }, 60_000);
});
