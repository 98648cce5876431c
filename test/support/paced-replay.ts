// Starts a paced replay only once the engines under test have reported in. Started together, a replay
// can be consumed as one backlog before an engine slow to start (a loaded CI machine) checkpoints even
// once, and a test that kills or disturbs the engine "mid-feed" would land after the end.
import { setTimeout as sleep } from 'node:timers/promises';
import { connectNats } from '../../engine/stream/nats-connection.ts';
import { openHealthBucket } from '../../engine/stream/stream-setup.ts';
import { startLizheng, type Running } from './lizheng-process.ts';

/**
 * Wait until every role (`engine.all`, `count.0of2`, `decide`…) has written its readiness: its consumers are attached.
 */
export async function waitForRoles(url: string, roles: readonly string[], timeoutMs = 60_000): Promise<void> {
  const nats = await connectNats(url, 'test-health-watch');
  try {
    const health = await openHealthBucket(nats.nc);
    for (const until = Date.now() + timeoutMs; Date.now() < until; await sleep(50)) {
      const seen = await Promise.all(roles.map((role) => health.get(role)));
      if (seen.every((e) => e !== null && e.operation === 'PUT')) return;
    }
    throw new Error(`engines ${roles.join(', ')} did not all report in within ${timeoutMs} ms`);
  } finally {
    await nats.nc.close();
  }
}

/** Once `roles` have reported in, replay `feed` at 40 000× (three days take about 6 s to publish). */
export async function replayOnceReady(url: string, feed: string, roles: readonly string[]): Promise<Running> {
  await waitForRoles(url, roles);
  return startLizheng(['replay', '--input', feed, '--speed', '40000', '--nats', url, '--no-progress']);
}
