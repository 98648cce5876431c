// Polls a checkpoint in the KV bucket until it covers some input: the moment a test may disturb an engine.
import { setTimeout as sleep } from 'node:timers/promises';
import { CheckpointStore } from '../../engine/stream/checkpoint-store.ts';
import { connectNats } from '../../engine/stream/nats-connection.ts';
import { openCheckpointBucket } from '../../engine/stream/stream-setup.ts';

/** Wait until checkpoint `key` covers a stream sequence above `after`; returns that sequence. */
export async function waitForCheckpoint(url: string, key: string, after = 0, timeoutMs = 30_000): Promise<number> {
  const nats = await connectNats(url, 'test-watch');
  try {
    const store = new CheckpointStore(await openCheckpointBucket(nats.nc));
    for (const until = Date.now() + timeoutMs; Date.now() < until; await sleep(50)) {
      const saved = await store.load<{ seq: number }>(key);
      if (saved && saved.seq > after) return saved.seq;
    }
    throw new Error(`checkpoint ${key} did not pass seq ${after} within ${timeoutMs} ms`);
  } finally {
    await nats.nc.close();
  }
}
