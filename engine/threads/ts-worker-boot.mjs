// Worker threads do not inherit the tsx loader the main thread runs under: register it here, then load the
// TypeScript module named in workerData.entry. Plain JavaScript because nothing can load TypeScript yet.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
