import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_KEYS } from '../engine/stream/nats-names.ts';
import { publishedCellTotals, referenceCellTotals, sorted } from './support/cell-totals.ts';
import { waitForCheckpoint } from './support/checkpoint-watch.ts';
import { alertLines } from './support/jetstream-reader.ts';
import { startLizheng } from './support/lizheng-process.ts';
import { replayOnceReady } from './support/paced-replay.ts';
import { replayFixture, type ReplayFixture } from './support/replay-fixture.ts';

let fx: ReplayFixture;
beforeAll(async () => {
  fx = await replayFixture(3, 3);
});
afterAll(() => fx?.dispose());

describe('a NATS server restart under a running replay and engine', () => {
  it('is survived by both: they reconnect and the engine finishes with the alerts of an undisturbed run', async () => {
    const engine = startLizheng(['engine', '--replay', '--nats', fx.server.url, '--checkpoint-ms', '200']);
    const replay = await replayOnceReady(fx.server.url, fx.feed, ['engine.all']);
    await waitForCheckpoint(fx.server.url, CHECKPOINT_KEYS.whole);
    await fx.server.restart();

    const [published, engineRun] = await Promise.all([replay.done, engine.done]);
    expect(published.code, published.stderr).toBe(0);
    expect(engineRun.code, engineRun.stderr).toBe(0);
    expect(engineRun.stderr).toContain('resuming after seq');
    expect(published.stdout).toMatch(/0 duplicates, 0 rejected/);

    expect(await alertLines(fx.server.url)).toBe(fx.expected);
    expect(sorted(await publishedCellTotals(fx.server.url))).toEqual(sorted(referenceCellTotals(fx.feed)));
  }, 180_000);
});
