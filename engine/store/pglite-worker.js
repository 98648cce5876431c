// Runs PGlite on its own thread, so a long query never stops the engine's event loop (NATS heartbeats, sockets).
// Plain JavaScript so the worker starts without a TypeScript loader; the protocol is in pglite-client.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const db = await PGlite.create(workerData.dataDir ?? undefined);

async function run(message) {
  if (message.op === 'query') return (await db.query(message.sql, message.params ?? [])).rows;
  if (message.op === 'exec') {
    await db.exec(message.sql);
    return [];
  }
  if (message.op === 'close') {
    await db.close();
    return [];
  }
  throw new Error(`unknown operation ${message.op}`);
}

parentPort.on('message', async (message) => {
  try {
    parentPort.postMessage({ id: message.id, rows: await run(message) });
  } catch (err) {
    parentPort.postMessage({
      id: message.id,
      error: { message: err?.message ?? String(err), code: err?.code, detail: err?.detail },
    });
  }
  if (message.op === 'close') parentPort.close();
});

parentPort.postMessage({ ready: true });
