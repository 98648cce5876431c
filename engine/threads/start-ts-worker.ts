// Starts a worker thread on a TypeScript module, the same way under `bin/lizheng.js`, tsx and vitest.
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker running `entry` (a .ts module URL). The module reads its own input from `workerData.data`.
 * @example
 *   const worker = startTsWorker(new URL('./intake-thread.ts', import.meta.url), { path: 'feed.ndjson' });
 */
export function startTsWorker(entry: URL, data: unknown, options: Omit<WorkerOptions, 'workerData'> = {}): Worker {
  return new Worker(new URL('./ts-worker-boot.mjs', import.meta.url), { ...options, workerData: { entry: entry.href, data } });
}
