import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { CHECKPOINT_KEYS } from '../engine/stream/nats-names.ts';
import { ownedDistricts } from '../engine/stream/partition-plan.ts';
import { unitCodes } from '../engine/stream/service-lifecycle.ts';
import { publishedCellTotals, referenceCellTotals, sorted } from './support/cell-totals.ts';
import { waitForCheckpoint } from './support/checkpoint-watch.ts';
import { alertLines } from './support/jetstream-reader.ts';
import { runLizheng, startLizheng } from './support/lizheng-process.ts';
import { replayOnceReady } from './support/paced-replay.ts';
import { replayFixture, type ReplayFixture } from './support/replay-fixture.ts';

let fx: ReplayFixture;
beforeAll(async () => {
  fx = await replayFixture(3, 4);
});
afterAll(() => fx?.dispose());

describe('lizheng engine --partition k/N with one --decider', () => {
  it('raises exactly the alerts of lizheng detect (one whole-city engine), even when a partition is killed and ' +
    'restarted', async () => {
    const url = fx.server.url;
    const partition = (k: number) => [
      'engine',
      '--replay',
      '--partition',
      `${k}/2`,
      '--nats',
      url,
      '--checkpoint-ms',
      '200',
    ];
    const decider = startLizheng(['engine', '--replay', '--decider', '--nats', url, '--checkpoint-ms', '200']);
    const p0 = startLizheng(partition(0));
    const p1 = startLizheng(partition(1));
    const replay = await replayOnceReady(url, fx.feed, ['decide', 'count.0of2', 'count.1of2']);

    const watched = ownedDistricts(unitCodes(loadProfile('chengdu')), { index: 1, count: 2 })[0];
    await waitForCheckpoint(url, CHECKPOINT_KEYS.district(watched));
    p1.child.kill('SIGKILL');
    expect((await p1.done).signal).toBe('SIGKILL');
    const p1again = await runLizheng(partition(1));
    expect(p1again.stderr).toContain('stopping: end of the replayed feed');

    for (const run of [replay, p0, decider]) {
      const r = await run.done;
      expect(r.code, r.stderr).toBe(0);
    }
    expect(await alertLines(url)).toBe(fx.expected);
    expect(sorted(await publishedCellTotals(url))).toEqual(sorted(referenceCellTotals(fx.feed)));
  }, 180_000);
});
