import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_KEYS } from '../engine/stream/nats-names.ts';
import { waitForCheckpoint } from './support/checkpoint-watch.ts';
import { alertLines } from './support/jetstream-reader.ts';
import { runLizheng, startLizheng } from './support/lizheng-process.ts';
import { publishedCellTotals, referenceCellTotals, sorted } from './support/cell-totals.ts';
import { replayFixture, type ReplayFixture } from './support/replay-fixture.ts';

let fx: ReplayFixture;
beforeAll(async () => {
  fx = await replayFixture(3, 2);
});
afterAll(() => fx?.dispose());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('lizheng engine after kill -9', () => {
  it('resumes from its checkpoint: the same alerts as an uninterrupted run, no report counted twice or lost', async () => {
    // Three days at 40 000× take about 6 s to publish: the engine is killed while the feed is still arriving.
    const replay = startLizheng(['replay', '--input', fx.feed, '--speed', '40000', '--nats', fx.server.url, '--no-progress']);
    const engineArgs = ['engine', '--replay', '--nats', fx.server.url, '--checkpoint-every', '500', '--checkpoint-ms', '200'];
    const first = startLizheng(engineArgs);
    const coveredAtKill = await waitForCheckpoint(fx.server.url, CHECKPOINT_KEYS.whole);
    await sleep(300);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');

    const second = await runLizheng(engineArgs);
    expect(second.stderr).toMatch(/restored checkpoint through INTAKE seq (\d+)/);
    const restoredFrom = Number(/restored checkpoint through INTAKE seq (\d+)/.exec(second.stderr)![1]);
    expect(restoredFrom).toBeGreaterThanOrEqual(coveredAtKill);
    expect((await replay.done).code).toBe(0);
    // The kill really happened mid-feed: the restarted engine still had reports to count.
    expect(second.stderr).toMatch(/engine: \d+ messages, [1-9]\d* counted/);

    expect(await alertLines(fx.server.url)).toBe(fx.expected);
    expect(sorted(await publishedCellTotals(fx.server.url))).toEqual(sorted(referenceCellTotals(fx.feed)));
  }, 180_000);
});
