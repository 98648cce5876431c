// One durable pull consumer feeding a synchronous handler through `consume()` with a callback (2–3×
// faster than the async iterator here). The handler must never block the event loop for long: the
// client would miss heartbeats and stop pulling. Acks are cumulative (AckPolicy.All) and are sent by
// the checkpoint cycle, never here.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  ReplayPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { Logger } from '../log.ts';
import type { Nats } from './nats-connection.ts';
import { TUNING } from './nats-names.ts';
import { StreamError, isApiError } from './stream-errors.ts';

export interface ConsumerSpec {
  readonly stream: string;
  readonly durable: string;
  /** One filter subject: NATS 2.9 has no `filter_subjects`. */
  readonly filter: string;
}

export interface FeedTuning {
  /** Redelivery after this long without an ack; must outlast a checkpoint interval by far. */
  readonly ackWaitMs?: number;
  readonly pullBatch?: number;
  readonly maxAckPending?: number;
}

/**
 * Make the durable consumer deliver, in order, every message after `resumeAfter` (the stream sequence
 * the caller's checkpoint covers). A consumer that already delivered beyond it — to a process that then
 * died — would hand those messages back only after ack_wait, out of order; it is recreated to start
 * right after the checkpoint instead. Otherwise it is created, or its tunable limits updated; idempotent.
 */
export async function ensureConsumer(
  jsm: JetStreamManager,
  spec: ConsumerSpec,
  resumeAfter: number,
  tuning: FeedTuning = {},
): Promise<void> {
  const mutable = {
    max_ack_pending: tuning.maxAckPending ?? TUNING.maxAckPending,
    ack_wait: nanos(tuning.ackWaitMs ?? TUNING.ackWaitMs),
    max_deliver: -1,
  };
  const config: Partial<ConsumerConfig> = {
    ...mutable,
    durable_name: spec.durable,
    filter_subject: spec.filter,
    ack_policy: AckPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    ...(resumeAfter > 0
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: resumeAfter + 1 }
      : { deliver_policy: DeliverPolicy.All }),
  };
  try {
    const info = await jsm.consumers.info(spec.stream, spec.durable).catch((err: unknown) => {
      if (isApiError(err, JetStreamApiCodes.ConsumerNotFound)) return null;
      throw err;
    });
    if (info && info.config.filter_subject !== spec.filter) {
      throw new StreamError(
        `consumer ${spec.durable} on ${spec.stream} filters ${info.config.filter_subject}, not ${spec.filter}; ` +
          `remove it with --reset`,
      );
    }
    if (info && info.delivered.stream_seq > resumeAfter) {
      await jsm.consumers.delete(spec.stream, spec.durable);
      await jsm.consumers.add(spec.stream, config);
    } else if (!info) {
      await jsm.consumers.add(spec.stream, config);
    } else if (info.config.max_ack_pending !== mutable.max_ack_pending || info.config.ack_wait !== mutable.ack_wait) {
      await jsm.consumers.update(spec.stream, spec.durable, mutable);
    }
  } catch (cause) {
    if (cause instanceof StreamError) throw cause;
    throw new StreamError(`cannot create consumer ${spec.durable} on ${spec.stream}: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/** Delete a durable consumer if it exists (for `--reset`). */
export async function removeConsumer(jsm: JetStreamManager, spec: ConsumerSpec): Promise<void> {
  await jsm.consumers.delete(spec.stream, spec.durable).catch((err: unknown) => {
    if (!isApiError(err, JetStreamApiCodes.ConsumerNotFound, JetStreamApiCodes.StreamNotFound)) throw err;
  });
}

const RESYNC_GIVE_UP_MS = 120_000;

export interface FeedHooks {
  /** Stream sequence the caller's state covers: the consumer delivers from the next one. */
  readonly resumeAfter: () => number;
  /** Make the caller's state safe (checkpoint and ack) before the consumer is recreated. */
  readonly beforeResync: () => Promise<void>;
  readonly log: Logger;
}

export class ConsumerFeed {
  /** The newest message handed to the handler; the checkpoint cycle acks through it. */
  last: JsMsg | null = null;
  /** Messages the server still holds for this consumer beyond `last` (from its delivery info). */
  pending = Number.NaN;
  lastMessageAt = 0;
  /** Holes in the stream sequence this consumer was handed (see `checkGaps`), and the messages they held. */
  gaps = 0;
  missingMessages = 0;
  /**
   * Whether a hole in stream sequences means lost input: only when the filter is the stream's one subject
   * (INTAKE's `intake.*.*` for the whole-city consumer). A district's or the decider's filter skips the other
   * subjects' sequences by design.
   */
  private checkGaps = false;
  /** The newest stream sequence seen, or the one resumed after. */
  private streamSeq = 0;
  private messages: ConsumerMessages | null = null;
  private lastDelivery = 0;
  private resyncing = false;
  private stopped = false;

  constructor(
    private readonly nats: Nats,
    readonly spec: ConsumerSpec,
    private readonly handle: (msg: JsMsg) => void,
    private readonly onError: (err: Error) => void,
    private readonly hooks: FeedHooks,
    private readonly tuning: FeedTuning = {},
  ) {
    void this.watchReconnects();
  }

  /** Create or repair the durable consumer so it resumes after the caller's state, and start pulling. */
  async start(): Promise<void> {
    await ensureConsumer(this.nats.jsm, this.spec, this.hooks.resumeAfter(), this.tuning);
    const subjects = (await this.nats.jsm.streams.info(this.spec.stream)).config.subjects ?? [];
    this.checkGaps = subjects.length === 1 && subjects[0] === this.spec.filter;
    this.streamSeq = this.hooks.resumeAfter();
    const consumer = await this.nats.js.consumers.get(this.spec.stream, this.spec.durable);
    this.lastDelivery = 0;
    this.messages = await consumer.consume({
      max_messages: this.tuning.pullBatch ?? TUNING.pullBatch,
      callback: (msg) => this.receive(msg),
    });
    const messages = this.messages;
    void messages.closed().then((err) => {
      if (err && messages === this.messages)
        this.onError(new StreamError(`consumer ${this.spec.durable} stopped: ${err.message}`, { cause: err }));
    });
  }

  /** Stop pulling; messages already delivered have been handled (the callback runs synchronously). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.close();
  }

  private receive(msg: JsMsg): void {
    const delivery = msg.info.deliverySequence;
    if (this.lastDelivery > 0 && delivery > this.lastDelivery + 1) {
      // A delivery went missing in transit: newer messages must not overtake it.
      void this.resync(`delivery ${this.lastDelivery + 1} of ${this.spec.durable} never arrived`);
      return;
    }
    this.lastDelivery = delivery;
    // A fresh consumer (nothing resumed) starts wherever the stream's retention starts: not a gap.
    if (this.checkGaps && this.streamSeq > 0 && msg.seq > this.streamSeq + 1)
      this.noteGap(this.streamSeq + 1, msg.seq - 1);
    this.streamSeq = Math.max(this.streamSeq, msg.seq);
    try {
      this.handle(msg);
    } catch (err) {
      this.onError(err as Error);
      throw err;
    }
    this.last = msg;
    this.pending = msg.info.pending;
    this.lastMessageAt = Date.now();
  }

  /** Input that will never be seen: count it and say which, and why when the stream can tell. */
  private noteGap(from: number, to: number): void {
    this.gaps++;
    this.missingMessages += to - from + 1;
    const range =
      `${this.spec.stream} seq ${from}${to > from ? `–${to}` : ''} (${to - from + 1} message` +
      `${to > from ? 's' : ''})`;
    void this.nats.jsm.streams
      .info(this.spec.stream)
      .then(
        (info) =>
          to < info.state.first_seq
            ? `removed by the stream's limits (max_age/max_bytes) or a purge before they were read: the engine fell ` +
              `behind retention`
            : 'deleted from the stream (a message delete or a filtered purge)',
        () => 'the stream could not be asked why',
      )
      .then((why) =>
        this.hooks.log.warn(
          { consumer: this.spec.durable, from, to, why },
          `consumer ${this.spec.durable}: WARNING: ${range} never delivered, ${why}; skipped and counted in /health ` +
            `as missingMessages`,
        ),
      );
  }

  /**
   * After a reconnect or a lost delivery, messages the server already handed out would come back only
   * after ack_wait, behind newer ones. Make the state safe, then recreate the consumer right after it.
   */
  private async resync(reason: string): Promise<void> {
    if (this.resyncing || this.stopped) return;
    this.resyncing = true;
    await this.close();
    const after = this.hooks.resumeAfter();
    this.hooks.log.info(
      { consumer: this.spec.durable, after, reason },
      `consumer ${this.spec.durable}: resuming after seq ${after} (${reason})`,
    );
    for (const giveUp = Date.now() + RESYNC_GIVE_UP_MS; !this.stopped; await sleep(500)) {
      try {
        await this.hooks.beforeResync();
        this.last = null;
        await this.start();
        break;
      } catch (err) {
        if (Date.now() > giveUp) {
          this.onError(
            new StreamError(`consumer ${this.spec.durable} could not resume: ${(err as Error).message}`, {
              cause: err,
            }),
          );
          break;
        }
        this.hooks.log.warn(
          { consumer: this.spec.durable, err: (err as Error).message },
          `consumer ${this.spec.durable}: not yet (${(err as Error).message}); retrying`,
        );
      }
    }
    this.resyncing = false;
  }

  private async close(): Promise<void> {
    const m = this.messages;
    this.messages = null;
    if (m) await m.close();
  }

  private async watchReconnects(): Promise<void> {
    for await (const s of this.nats.nc.status()) {
      if (s.type === 'reconnect' && this.messages) void this.resync('reconnected to NATS');
    }
  }
}
