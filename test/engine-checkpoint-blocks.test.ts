import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointStore } from '../engine/stream/checkpoint-store.ts';
import { connectNats, type Nats } from '../engine/stream/nats-connection.ts';
import { CHECKPOINT_KEYS } from '../engine/stream/nats-names.ts';
import { openCheckpointBucket } from '../engine/stream/stream-setup.ts';
import { startLizheng } from './support/lizheng-process.ts';
import { PrivateNatsServer } from './support/nats-server.ts';

let server: PrivateNatsServer;
let nats: Nats;
beforeAll(async () => {
  server = await PrivateNatsServer.start();
  nats = await connectNats(server.url, 'test');
});
afterAll(async () => {
  await nats?.nc.close();
  await server?.dispose();
});

describe('engine checkpoint blocks', () => {
  it('refuses to start from a checkpoint whose block is missing, naming the block and the way out', async () => {
    const store = new CheckpointStore(await openCheckpointBucket(nats.nc));
    const missing = `${CHECKPOINT_KEYS.whole}.blocks.ids.29459191.0`;
    await store.save(CHECKPOINT_KEYS.whole, JSON.stringify({ version: 1, seq: 5, engine: {}, ended: [], tally: {}, blocks: [missing] }));
    const run = await startLizheng(['engine', '--replay', '--nats', server.url]).done;
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`references block ${missing}, which is missing; remove it with --reset`);
  });
});
