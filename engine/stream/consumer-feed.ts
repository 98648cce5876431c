// One durable pull consumer feeding a synchronous handler through `consume()` with a callback (2–3×
// faster than the async iterator here). The handler must never block the event loop for long: the
// client would miss heartbeats and stop pulling. Acks are cumulative (AckPolicy.All) and are sent by
// the checkpoint cycle, never here.
import { AckPolicy, DeliverPolicy, ReplayPolicy, type ConsumerConfig, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { TUNING } from './nats-names.ts';
import { StreamError } from './stream-errors.ts';

export interface ConsumerSpec {
  readonly stream: string;
  readonly durable: string;
  /** One filter subject: NATS 2.9 has no `filter_subjects`. */
  readonly filter: string;
}

export interface FeedTuning {
  readonly pullBatch?: number;
  readonly maxAckPending?: number;
}

/** Create the durable consumer, or update what may change on an existing one; idempotent. */
export async function ensureConsumer(jsm: JetStreamManager, spec: ConsumerSpec, tuning: FeedTuning = {}): Promise<void> {
  const mutable = {
    max_ack_pending: tuning.maxAckPending ?? TUNING.maxAckPending,
    ack_wait: nanos(TUNING.ackWaitMs),
    max_deliver: -1,
  };
  const config: Partial<ConsumerConfig> = {
    ...mutable,
    durable_name: spec.durable,
    filter_subject: spec.filter,
    ack_policy: AckPolicy.All,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
  };
  try {
    const info = await jsm.consumers.info(spec.stream, spec.durable).catch((err: Error) => {
      if (/consumer not found/i.test(err.message)) return null;
      throw err;
    });
    if (!info) await jsm.consumers.add(spec.stream, config);
    else if (info.config.filter_subject !== spec.filter) {
      throw new StreamError(`consumer ${spec.durable} on ${spec.stream} filters ${info.config.filter_subject}, not ${spec.filter}; remove it with --reset`);
    } else if (info.config.max_ack_pending !== mutable.max_ack_pending || info.config.ack_wait !== mutable.ack_wait) {
      await jsm.consumers.update(spec.stream, spec.durable, mutable);
    }
  } catch (cause) {
    if (cause instanceof StreamError) throw cause;
    throw new StreamError(`cannot create consumer ${spec.durable} on ${spec.stream}: ${(cause as Error).message}`, { cause });
  }
}

/** Delete a durable consumer if it exists (for `--reset`). */
export async function removeConsumer(jsm: JetStreamManager, spec: ConsumerSpec): Promise<void> {
  await jsm.consumers.delete(spec.stream, spec.durable).catch((err: Error) => {
    if (!/consumer not found|stream not found/i.test(err.message)) throw err;
  });
}

export class ConsumerFeed {
  /** The newest message handed to the handler; the checkpoint cycle acks through it. */
  last: JsMsg | null = null;
  /** Messages the server still holds for this consumer beyond `last` (from its delivery info). */
  pending = Number.NaN;
  lastMessageAt = 0;
  private messages: ConsumerMessages | null = null;

  constructor(
    private readonly js: JetStreamClient,
    readonly spec: ConsumerSpec,
    private readonly handle: (msg: JsMsg) => void,
    private readonly onError: (err: Error) => void,
    private readonly tuning: FeedTuning = {},
  ) {}

  async start(): Promise<void> {
    const consumer = await this.js.consumers.get(this.spec.stream, this.spec.durable);
    const pullBatch = this.tuning.pullBatch ?? TUNING.pullBatch;
    this.messages = await consumer.consume({
      max_messages: pullBatch,
      callback: (msg) => {
        try {
          this.handle(msg);
        } catch (err) {
          this.onError(err as Error);
          throw err;
        }
        this.last = msg;
        this.pending = msg.info.pending;
        this.lastMessageAt = Date.now();
      },
    });
    void this.messages.closed().then((err) => {
      if (err) this.onError(new StreamError(`consumer ${this.spec.durable} stopped: ${err.message}`, { cause: err }));
    });
  }

  /** Stop pulling; messages already delivered have been handled (the callback runs synchronously). */
  async stop(): Promise<void> {
    const m = this.messages;
    this.messages = null;
    if (m) await m.close();
  }
}
