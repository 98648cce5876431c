import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKPOINT_KEYS } from '../engine/stream/nats-names.ts';
import { waitForCheckpoint } from './support/checkpoint-watch.ts';
import { alertLines } from './support/jetstream-reader.ts';
import { runLizheng, startLizheng } from './support/lizheng-process.ts';
import { publishedCellTotals, referenceCellTotals, sorted } from './support/cell-totals.ts';
import { replayOnceReady } from './support/paced-replay.ts';
import { replayFixture, type ReplayFixture } from './support/replay-fixture.ts';

let fx: ReplayFixture | undefined;
afterEach(async () => {
  await fx?.dispose();
  fx = undefined;
});

/**
 * Replay three days, kill -9 the engine mid-feed once it has checkpointed, restart it, and compare with
 * `lizheng detect` run with the same `--enrich` mode on the same file.
 */
async function killAndResume(enrich: 'all' | 'missing'): Promise<void> {
  fx = await replayFixture(3, 2);
  const expected =
    enrich === 'all'
      ? fx.expected
      : (await runLizheng(['detect', '--input', fx.feed, '--no-progress', '--enrich', enrich])).stdout;
  const engineArgs = [
    'engine',
    '--replay',
    '--enrich',
    enrich,
    '--nats',
    fx.server.url,
    '--checkpoint-every',
    '500',
    '--checkpoint-ms',
    '200',
  ];
  const first = startLizheng(engineArgs);
  // The engine is killed while the paced feed is still arriving.
  const replay = await replayOnceReady(fx.server.url, fx.feed, ['engine.all']);
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
  expect(second.stderr).toMatch(/engine: this run: \d+ messages, [1-9]\d* counted/);

  expect(await alertLines(fx.server.url)).toBe(expected);
  expect(sorted(await publishedCellTotals(fx.server.url))).toEqual(sorted(referenceCellTotals(fx.feed)));
}

describe('lizheng engine after kill -9', () => {
  it(
    'resumes from its checkpoint: the same alerts as an uninterrupted run, no report counted twice or lost',
    () => killAndResume('all'),
    180_000,
  );

  it(
    'does the same with --enrich missing, whose checkpoints hold only the counted fields of open minutes',
    () => killAndResume('missing'),
    180_000,
  );
});
