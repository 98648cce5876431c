import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KV } from '@nats-io/kv';
import { CheckpointStore } from '../engine/stream/checkpoint-store.ts';
import { connectNats, type Nats } from '../engine/stream/nats-connection.ts';
import { CheckpointError } from '../engine/checkpoint/checkpoint-errors.ts';
import { openCheckpointBucket } from '../engine/stream/stream-setup.ts';
import { PrivateNatsServer } from './support/nats-server.ts';

let server: PrivateNatsServer;
let nats: Nats;
let kv: KV;
beforeAll(async () => {
  server = await PrivateNatsServer.start();
  nats = await connectNats(server.url, 'test');
  kv = await openCheckpointBucket(nats.nc);
});
afterAll(async () => {
  await nats?.nc.close();
  await server?.dispose();
});

const keys = async () => {
  const out: string[] = [];
  for await (const k of await kv.keys()) out.push(k);
  return out.sort();
};
const big = { ids: Array.from({ length: 20_000 }, (_, i) => `${i}-${Math.sin(i).toString(36)}`) };

describe('checkpoint store (NATS KV)', () => {
  it('round-trips small state in one value and large state in parts, leaving no stale parts behind', async () => {
    const store = new CheckpointStore(kv, 4_096);
    expect(await store.load('engine.none')).toBeNull();
    await store.save('engine.a', JSON.stringify({ seq: 7 }));
    expect(await store.load('engine.a')).toEqual({ seq: 7 });

    await store.save('engine.a', JSON.stringify(big));
    expect(await store.load('engine.a')).toEqual(big);
    const parts = (await keys()).filter((k) => k.startsWith('engine.a.parts.'));
    expect(parts.length).toBeGreaterThan(1);

    await store.save('engine.a', JSON.stringify(big));
    expect((await keys()).filter((k) => k.startsWith('engine.a.parts.'))).toHaveLength(parts.length);

    // A fresh process (no memory of parts) saving small state cleans up the old parts.
    const fresh = new CheckpointStore(kv, 4_096);
    expect(await fresh.load('engine.a')).toEqual(big);
    await fresh.save('engine.a', JSON.stringify({ seq: 9 }));
    expect(await keys()).toEqual(['engine.a']);
    expect(await new CheckpointStore(kv).load('engine.a')).toEqual({ seq: 9 });
  });

  it('discards one block with its parts, and removes a checkpoint with every block below it (--reset)', async () => {
    const store = new CheckpointStore(kv, 4_096);
    await store.save('engine.b', JSON.stringify({ seq: 1 }));
    await store.save('engine.b.blocks.ids.7.0', JSON.stringify(big));
    await store.save('engine.b.blocks.ids.7.1', JSON.stringify(['x']));
    await store.save('engine.bb', JSON.stringify({ seq: 2 }));
    await store.discard('engine.b.blocks.ids.7.0');
    expect((await keys()).filter((k) => k.startsWith('engine.b'))).toEqual([
      'engine.b',
      'engine.b.blocks.ids.7.1',
      'engine.bb',
    ]);
    await store.remove('engine.b');
    expect((await keys()).filter((k) => k.startsWith('engine.b'))).toEqual(['engine.bb']);
  });

  it('says which checkpoint is unreadable instead of starting from nothing', async () => {
    await kv.put('engine.broken', '{"format":"lizheng-checkpoint-parts/1","id":"x","parts":2,"bytes":10}');
    await expect(new CheckpointStore(kv).load('engine.broken')).rejects.toThrow(CheckpointError);
    await expect(new CheckpointStore(kv).load('engine.broken')).rejects.toThrow(
      /checkpoint engine\.broken: part 0 of 2 is missing/,
    );
  });
});
