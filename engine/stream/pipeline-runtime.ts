// What every pipeline process needs before it handles a message: a connection, the streams, one
// publisher for everything it emits, the checkpoint store, the dead-letter outlet and the health bucket.
// Checkpoints, leases and readiness go over a second connection: the server handles a connection's messages
// in order, and on the main one a KV write would wait behind the publisher's 2,048 messages in flight (≈ 2 s
// each under a replay's load, so a first checkpoint of 300 blocks took over 10 s).
import type { KV } from '@nats-io/kv';
import { createLogger, type Logger } from '../log.ts';
import { CheckpointStore } from './checkpoint-store.ts';
import { DeadLetters } from './dead-letter.ts';
import { DEFAULT_LIMITS, type StreamLimits } from './nats-names.ts';
import { connectNats, type Nats } from './nats-connection.ts';
import { PipelinedPublisher } from './pipelined-publisher.ts';
import { ensureStreams, openCheckpointBucket, openHealthBucket } from './stream-setup.ts';

export interface PipelineRuntime {
  readonly nats: Nats;
  /** The connection for checkpoints, leases and readiness, never queued behind the pipeline's own traffic. */
  readonly control: Nats;
  readonly publisher: PipelinedPublisher;
  readonly checkpoints: CheckpointStore;
  readonly dead: DeadLetters;
  readonly health: KV;
  readonly log: Logger;
}

export interface RuntimeOptions {
  readonly url?: string;
  readonly name: string;
  readonly limits?: StreamLimits;
  /** Default: info and up on stderr (see engine/log.ts). */
  readonly log?: Logger;
}

/** Connect, create or update the streams and buckets, and hand back the shared pieces. */
export async function openRuntime(options: RuntimeOptions): Promise<PipelineRuntime> {
  const log = options.log ?? (await createLogger());
  const nats = await connectNats(options.url, options.name);
  await ensureStreams(nats.jsm, options.limits ?? DEFAULT_LIMITS);
  const control = await connectNats(options.url, `${options.name}-control`);
  const publisher = new PipelinedPublisher(nats.nc);
  return {
    nats,
    control,
    publisher,
    checkpoints: new CheckpointStore(await openCheckpointBucket(control.nc)),
    dead: new DeadLetters(publisher, log),
    health: await openHealthBucket(control.nc),
    log,
  };
}

/** Wait for everything published, then close the connection. */
export async function closeRuntime(rt: PipelineRuntime): Promise<void> {
  try {
    await rt.publisher.flush();
  } finally {
    rt.publisher.close();
    await rt.nats.nc.drain().catch(() => rt.nats.nc.close());
    await rt.control.nc.drain().catch(() => rt.control.nc.close());
  }
}
