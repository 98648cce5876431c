// A generated feed and what `lizheng detect` says about it, made once per test file, plus a private
// NATS server: the reference every engine-through-NATS test compares against.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrivateNatsServer } from './nats-server.ts';
import { runLizheng } from './lizheng-process.ts';

export interface ReplayFixture {
  readonly server: PrivateNatsServer;
  readonly feed: string;
  /** `lizheng detect` on the feed: the alert stream as NDJSON. */
  readonly expected: string;
  dispose(): Promise<void>;
}

/** Generate `days` days with `seed`, run detect on it, and start a private server. */
export async function replayFixture(days: number, seed = 1): Promise<ReplayFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'lizheng-replay-'));
  await runLizheng(['generate', '--days', String(days), '--seed', String(seed), '--out', dir]);
  const feed = join(dir, 'feed.ndjson');
  const expected = (await runLizheng(['detect', '--input', feed, '--no-progress'])).stdout;
  const server = await PrivateNatsServer.start();
  return {
    server,
    feed,
    expected,
    async dispose() {
      await server.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
