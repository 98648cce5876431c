// Starts a worker thread on a module of the engine, the same way under `bin/lizheng.js` (compiled or not), tsx
// and vitest. Compiled (this file is dist/…/start-ts-worker.js) the entry's compiled .js sibling runs directly;
// from the TypeScript sources the worker first registers tsx (ts-worker-boot.mjs), which Node 20 does not pass on.
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** True when this module runs compiled, from dist/: the engine's other modules are .js files beside it. */
export const RUNNING_COMPILED = import.meta.url.endsWith('.js');

/**
 * A worker running `entry` (a .ts module URL, named as in the sources). The module reads its own input from
 * `workerData.data`.
 * @example
 *   const worker = startTsWorker(new URL('./intake-thread.ts', import.meta.url), { path: 'feed.ndjson' });
 */
export function startTsWorker(entry: URL, data: unknown, options: Omit<WorkerOptions, 'workerData'> = {}): Worker {
  if (RUNNING_COMPILED) {
    const compiled = new URL(entry.href.replace(/\.ts$/, '.js'));
    return new Worker(compiled, { ...options, workerData: { entry: compiled.href, data } });
  }
  return new Worker(new URL('./ts-worker-boot.mjs', import.meta.url), {
    ...options,
    workerData: { entry: entry.href, data },
  });
}
