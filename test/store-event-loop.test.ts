// The embedded database runs in a worker thread: a query lasting seconds must not stall the main event loop
// (NATS heartbeats, Socket.IO). Lag is sampled every 5 ms by Node's event-loop delay monitor while it runs.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../engine/store/open-store.ts';
import { disposeTestStore, openTestStore } from './store-fixtures.ts';

const RESOLUTION_MS = 5;
let open: Awaited<ReturnType<typeof openTestStore>>;
let store: Store;
beforeAll(async () => {
  open = await openTestStore('pglite');
  store = open.store;
  // compile and warm the worker's code
  await store.sql.query(`SELECT count(*) FROM generate_series(1, 200000) a WHERE a % 7 = 3`);
}, 60_000);
afterAll(() => disposeTestStore(open, 'pglite'));

/** Run the heavy query once; returns how long it took and the worst main-loop lag meanwhile. */
async function heavyQuery(): Promise<{ took: number; worstLag: number }> {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  const started = performance.now();
  const [row] = await store.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM generate_series(1, 3000000) a WHERE a % 7 = 3`,
  );
  const took = performance.now() - started;
  delay.disable();
  expect(row.n).toBe(428572);
  return { took, worstLag: delay.max / 1e6 - RESOLUTION_MS };
}

it('keeps the main loop lag under 50 ms while a heavy query runs on the embedded database', async () => {
  // A query run on this thread would stall the loop for its whole duration on every attempt; a busy
  // machine (other test files and processes on the same two cores) can add a scheduling hiccup to an
  // attempt, so up to five are made and the best must stay under 50 ms.
  const attempts: Array<{ took: number; worstLag: number }> = [];
  do attempts.push(await heavyQuery());
  while (attempts.length < 5 && attempts[attempts.length - 1].worstLag >= 50);
  console.log(
    attempts
      .map((a) => `heavy query ${a.took.toFixed(0)} ms, worst main-loop lag ${a.worstLag.toFixed(1)} ms`)
      .join('\n'),
  );
  for (const a of attempts) expect(a.took).toBeGreaterThan(500); // heavy enough that blocking would show
  expect(Math.min(...attempts.map((a) => a.worstLag))).toBeLessThan(50);
}, 60_000);
