// One place that opens a NATS connection for the pipeline: reconnects forever, names the client, and
// turns "nothing listens on that port" into a StreamError that says which URL was tried.
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { DEFAULT_NATS_URL } from './nats-names.ts';
import { StreamError } from './stream-errors.ts';

export { DEFAULT_NATS_URL };

export interface Nats {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
}

/** Connect to `url` (default $NATS_URL or 127.0.0.1:4222); after the first connect, reconnect forever. */
export async function connectNats(url: string = DEFAULT_NATS_URL, name = 'lizheng'): Promise<Nats> {
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: url,
      name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      timeout: 5_000,
    });
  } catch (cause) {
    throw new StreamError(
      `cannot connect to NATS at ${url} (${(cause as Error).message}); is nats-server -js running? ` +
        `(scripts/ensure-nats.sh starts one)`,
      { cause },
    );
  }
  try {
    const jsm = await jetstreamManager(nc, { timeout: 10_000 });
    return { nc, js: jetstream(nc, { timeout: 10_000 }), jsm };
  } catch (cause) {
    await nc.close();
    throw new StreamError(`NATS at ${url} answers but JetStream is not enabled (start nats-server with -js)`, {
      cause,
    });
  }
}
