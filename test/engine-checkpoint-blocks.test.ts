import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_VERSION } from '../engine/checkpoint/checkpoint-schemas.ts';
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

const KEY = CHECKPOINT_KEYS.whole;
const BLOCK = `${KEY}.blocks.ids.29459191.0`;

/** A whole-city head of the current version that fits its schema; its id generation lists one block. */
const validHead = () => ({
  version: CHECKPOINT_VERSION,
  seq: 5,
  ended: [],
  blocks: [BLOCK],
  gate: { frontier: null, held: [] },
  tally: {
    processed: 5,
    counted: 5,
    duplicate: 0,
    late: 0,
    poison: 0,
    quarantined: { ahead: 0, 'ahead-of-clock': 0, 'too-old': 0 },
  },
  engine: {
    counter: {
      maxT: null,
      nextMinute: 29459191,
      late: 0,
      open: [],
      ids: { previousStart: 29458951, previous: [], start: 29459191, current: { blocks: [BLOCK], tail: [] } },
    },
    decider: {
      lastMinute: null,
      minutesInHour: -1e9,
      minutesInDay: -1e9,
      book: [],
      suite: { detector: 'default', slowRise: [] },
      baseline: { cityRate: new Array(168).fill(1), share: [] },
      city: { cells: [], minuteBlocks: [], day: [], hourCity: 0, dayCity: 0 },
    },
  },
});

/** Runs the real engine on the bucket as `damage` left it: it must refuse, naming the key and --reset. */
async function refusal(damage: (store: CheckpointStore) => Promise<void>): Promise<string> {
  const bucket = await openCheckpointBucket(nats.nc);
  const store = new CheckpointStore(bucket);
  await store.remove(KEY);
  await damage(store);
  const run = await startLizheng(['engine', '--replay', '--nats', server.url]).done;
  expect(run.code).not.toBe(0);
  expect(run.stderr).toContain(`checkpoint ${KEY}: `);
  expect(run.stderr).toContain('; start over with --reset');
  return run.stderr;
}

describe('a damaged whole-city checkpoint stops the engine, never restores wrong state', () => {
  it('an earlier version', async () => {
    const stderr = await refusal((s) => s.save(KEY, JSON.stringify({ ...validHead(), version: 1 })).then(() => {}));
    expect(stderr).toContain(`version 1 is not this engine's (${CHECKPOINT_VERSION})`);
  });

  it('a missing field', async () => {
    const head = validHead() as Record<string, unknown>;
    delete head.tally;
    expect(await refusal((s) => s.save(KEY, JSON.stringify(head)).then(() => {}))).toMatch(/at \/tally: /);
  });

  it('a field of the wrong type', async () => {
    const head = validHead();
    (head.engine.counter as Record<string, unknown>).nextMinute = 'soon';
    expect(await refusal((s) => s.save(KEY, JSON.stringify(head)).then(() => {}))).toMatch(
      /at \/engine\/counter\/nextMinute: /,
    );
  });

  it('a block the head references is missing', async () => {
    expect(await refusal((s) => s.save(KEY, JSON.stringify(validHead())).then(() => {}))).toContain(
      `block ${BLOCK} is missing`,
    );
  });

  it('a block of the wrong shape', async () => {
    const stderr = await refusal(async (s) => {
      await s.save(BLOCK, JSON.stringify([1, 2]));
      await s.save(KEY, JSON.stringify(validHead()));
    });
    expect(stderr).toContain(`block ${BLOCK} at /0: `);
  });

  it('a truncated gzip', async () => {
    const stderr = await refusal(async () => {
      await (await openCheckpointBucket(nats.nc)).put(KEY, gzipSync(JSON.stringify(validHead())).subarray(0, 40));
    });
    expect(stderr).toContain('cannot be read');
  });
});
