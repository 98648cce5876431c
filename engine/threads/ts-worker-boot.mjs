// Worker threads do not inherit the tsx loader the main thread runs under: register it here, then load the
// TypeScript module named in workerData.entry. Plain JavaScript because nothing can load TypeScript yet.
// Only for the TypeScript sources (tsx, vitest): compiled, start-ts-worker.js starts the .js module directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
