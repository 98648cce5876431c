import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertLines } from './support/jetstream-reader.ts';
import { runLizheng } from './support/lizheng-process.ts';
import { replayFixture, type ReplayFixture } from './support/replay-fixture.ts';

let fx: ReplayFixture;
beforeAll(async () => {
  fx = await replayFixture(7);
});
afterAll(() => fx?.dispose());

describe('lizheng engine --replay', () => {
  it('turns a generated week replayed through NATS into exactly the alert stream of lizheng detect', async () => {
    expect(fx.expected.split('\n').length).toBeGreaterThan(5);
    const replay = await runLizheng(['replay', '--input', fx.feed, '--nats', fx.server.url, '--no-progress']);
    expect(replay.stdout).toMatch(/^replay: \d+ published, 0 duplicates, 0 rejected/);
    const engine = await runLizheng(['engine', '--replay', '--print', '--nats', fx.server.url]);
    expect(engine.stderr).toContain('stopping: end of the replayed feed');
    expect(await alertLines(fx.server.url)).toBe(fx.expected);
    expect(engine.stdout).toBe(fx.expected);
  }, 120_000);
});
