// Shared by the benchmarks that run the real command on a generated feed: the `lizheng` command in its own
// process, and a feed generated once into artifacts/ and reused by later runs.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** `node bin/lizheng.js …` in its own process, output captured. */
export const lizheng = (...args: string[]): SpawnSyncReturns<string> =>
  spawnSync(process.execPath, ['bin/lizheng.js', ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });

/** The path of `artifacts/<name>-<days>d/feed.ndjson`, generated with `seed` unless it is already there. */
export function generatedFeed(name: string, days: number, seed: number): string {
  const dir = join('artifacts', `${name}-${days}d`);
  const feed = join(dir, 'feed.ndjson');
  if (!existsSync(feed)) {
    process.stderr.write(`generating ${days} days into ${dir}…\n`);
    const g = lizheng('generate', '--days', String(days), '--seed', String(seed), '--out', dir);
    if (g.status !== 0) throw new Error(g.stderr);
  }
  return feed;
}
