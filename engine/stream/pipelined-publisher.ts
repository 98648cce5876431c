// Publishes to JetStream with many acks in flight (bounded), and survives a server restart: a message
// whose ack does not come is sent again with the same Nats-Msg-Id, so the stream stores it once.
// After a failure nothing new is sent until the failed messages are stored again, in their original
// order, which keeps the stream in publish order across a restart. A batch to one stream rides on one ack.
import { setTimeout as sleep } from 'node:timers/promises';
import { headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { AckInbox, type AckOutcome, type PublishAck } from './ack-inbox.ts';
import { HEADERS, TUNING } from './nats-names.ts';
import { StreamError } from './stream-errors.ts';

export type { PublishAck } from './ack-inbox.ts';

export interface PublishOptions {
  /** Acks awaited at once; `publish()` waits for room beyond this. */
  readonly inFlight?: number;
  readonly ackTimeoutMs?: number;
  /** Give up (and fail every later call) when one message could not be stored for this long. */
  readonly giveUpMs?: number;
  /** Called once per message stored with its own ack (of a batch, its last message). */
  readonly onAck?: (ack: PublishAck, tag: unknown) => void;
}

/** One message to publish: where, what, its Nats-Msg-Id and any other headers. */
export interface OutgoingMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly msgId: string;
  readonly headers?: Record<string, string>;
}

interface Entry extends OutgoingMessage {
  readonly index: number;
  readonly tag: unknown;
  /**
   * Messages of the same batch sent before this one without an ack (see enqueueBatch): stored once this one is, and
   * sent again with it should it fail.
   */
  riders: Entry[];
  firstFailure: number | null;
  attempts: number;
}

type Settle = (stored: boolean, entry: Entry) => void;

/** The headers one message goes out with: its Nats-Msg-Id and its own. */
function headersOf(entry: Entry): MsgHdrs {
  const h = natsHeaders();
  h.set(HEADERS.msgId, entry.msgId);
  if (entry.headers) for (const k in entry.headers) h.set(k, entry.headers[k]);
  return h;
}

export interface PublishStats {
  published: number;
  duplicates: number;
  /** Sends repeated after a timeout or a lost connection. */
  retries: number;
}

export class PipelinedPublisher {
  readonly stats: PublishStats = { published: 0, duplicates: 0, retries: 0 };
  private readonly limit: number;
  private readonly giveUpMs: number;
  private readonly onAck: PublishOptions['onAck'];
  private readonly sent: AckInbox;
  private nextIndex = 0;
  /** Every message with a lower index is stored; `storedAhead` holds the stored ones above it. */
  private storedBelow = 0;
  private readonly storedAhead = new Set<number>();
  private failed: Entry[] = [];
  /** Messages not yet sent; `queueHead` is the next to send (a cheap FIFO). */
  private queue: Entry[] = [];
  private queueHead = 0;
  private recovering = false;
  private disconnected = false;
  private fatal: StreamError | null = null;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly nc: NatsConnection,
    options: PublishOptions = {},
  ) {
    this.limit = options.inFlight ?? TUNING.publishInFlight;
    this.giveUpMs = options.giveUpMs ?? TUNING.publishGiveUpMs;
    this.onAck = options.onAck;
    this.sent = new AckInbox(nc, options.ackTimeoutMs ?? TUNING.publishAckTimeoutMs);
    void this.watchConnection();
  }

  /**
   * Send one message; resolves as soon as it is queued within the in-flight bound (not when stored),
   * so a caller reading a file is held back by the server's pace. Rejects once the publisher gave up.
   */
  async publish(
    subject: string,
    data: Uint8Array,
    msgId: string,
    headers?: Record<string, string>,
    tag?: unknown,
  ): Promise<void> {
    while (!this.fatal && this.queued + this.sent.size >= this.limit) await this.waitForChange();
    this.enqueue(subject, data, msgId, headers, tag);
  }

  /**
   * Queue one message without waiting (for synchronous callers such as a consumer callback). The queue
   * is not bounded here: the engine bounds it through max_ack_pending, since it acks only after `flush()`.
   */
  enqueue(subject: string, data: Uint8Array, msgId: string, headers?: Record<string, string>, tag?: unknown): void {
    if (this.fatal) throw this.fatal;
    this.queue.push(this.entry({ subject, data, msgId, headers }, tag, []));
    this.pump();
  }

  /**
   * Queue messages bound for one stream that ride on one ack: all but the last go out without a reply, the last with
   * one. A stream stores what one connection publishes to it in order, so the last one's ack says every one before it
   * was stored or recognised as a duplicate; if it fails, the batch is sent again (their Nats-Msg-Ids make the ones
   * already stored duplicates). An ack costs the engine more than the message it confirms (a closed minute's
   * cells, a few hundred at once).
   */
  enqueueBatch(messages: readonly OutgoingMessage[]): void {
    if (messages.length === 0) return;
    if (this.fatal) throw this.fatal;
    const riders = messages.slice(0, -1).map((m) => this.entry(m, undefined, []));
    this.queue.push(this.entry(messages[messages.length - 1], undefined, riders));
    this.pump();
  }

  private entry(m: OutgoingMessage, tag: unknown, riders: Entry[]): Entry {
    return { index: this.nextIndex++, ...m, tag, riders, firstFailure: null, attempts: 0 };
  }

  /**
   * Wait until every message handed over before this call is stored (or the publisher gave up). Later
   * messages do not hold it up, so a checkpoint is not starved by a publisher that never goes idle.
   */
  async flush(): Promise<void> {
    const mark = this.nextIndex;
    while (!this.fatal && this.storedBelow < mark) await this.waitForChange();
    if (this.fatal) throw this.fatal;
  }

  /** Move queued messages into flight while there is room and no recovery is under way. */
  private pump(): void {
    while (this.queued > 0 && this.sent.size < this.limit && !this.recovering && !this.disconnected) {
      this.send(this.queue[this.queueHead++], this.afterFirstAttempt);
    }
    if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
  }

  /** Settles a first send: a failure starts recovery; either way the window moved. */
  private readonly afterFirstAttempt = (stored: boolean, entry: Entry): void => {
    if (!stored) {
      this.failed.push(entry);
      this.startRecovery();
    }
    this.pump();
    this.wake();
  };

  /** Messages handed over and not yet stored. */
  get pending(): number {
    return this.queued + this.sent.size + this.failed.length;
  }

  private get queued(): number {
    return this.queue.length - this.queueHead;
  }

  /** Stop listening for acks; call after `flush()`. */
  close(): void {
    this.sent.close();
    this.fail(new StreamError('publisher closed'));
  }

  /** One send of one message (and its riders); `settle(true)` once stored (or recognised as already stored). */
  private send(entry: Entry, settle: Settle): void {
    entry.attempts++;
    try {
      for (const r of entry.riders) this.nc.publish(r.subject, r.data, { headers: headersOf(r) });
    } catch (err) {
      settle(this.settled(entry, { error: err as Error }), entry);
      return;
    }
    this.sent.send(entry.subject, entry.data, headersOf(entry), (outcome) =>
      settle(this.settled(entry, outcome), entry),
    );
  }

  /** `send` as a promise, for the recovery path. */
  private attempt(entry: Entry): Promise<boolean> {
    return new Promise<boolean>((resolve) => this.send(entry, (stored) => resolve(stored)));
  }

  private settled(entry: Entry, outcome: AckOutcome): boolean {
    if (!outcome.ack) return this.failure(entry, outcome.error);
    // A duplicate on a resend is most likely our own earlier attempt that was stored but not acked.
    const duplicate = outcome.ack.duplicate && entry.attempts === 1;
    if (duplicate) this.stats.duplicates++;
    else this.stats.published++;
    this.stats.published += entry.riders.length;
    for (const r of entry.riders) this.markStored(r.index);
    this.markStored(entry.index);
    this.onAck?.({ ...outcome.ack, duplicate }, entry.tag);
    return true;
  }

  private markStored(index: number): void {
    if (index !== this.storedBelow) {
      this.storedAhead.add(index);
      return;
    }
    this.storedBelow++;
    while (this.storedAhead.delete(this.storedBelow)) this.storedBelow++;
  }

  /** Record a failed send; false, unless it has failed for too long (then the publisher gives up). */
  private failure(entry: Entry, err: Error): false {
    entry.firstFailure ??= Date.now();
    if (Date.now() - entry.firstFailure > this.giveUpMs) {
      this.fail(
        new StreamError(
          `gave up publishing ${entry.subject} (Nats-Msg-Id ${entry.msgId}) after ${Math.round(this.giveUpMs / 1000)}` +
            ` s: ${err.message}`,
          { cause: err },
        ),
      );
    }
    return false;
  }

  private startRecovery(): void {
    if (this.recovering) return;
    this.recovering = true;
    void this.recover();
  }

  /**
   * Some messages failed: let the window drain, then resend the failures in their original order, the
   * first alone until it is stored (the server is back), then the rest together. Nothing new goes out meanwhile.
   */
  private async recover(): Promise<void> {
    for (let round = 0; !this.fatal; round++) {
      while (this.sent.size > 0 && !this.fatal) await this.waitForChange();
      if (this.failed.length === 0) break;
      const batch = this.failed.sort((a, b) => a.index - b.index);
      this.failed = [];
      this.stats.retries += batch.length;
      await sleep(Math.min(50 * 2 ** round, 2_000));
      while (this.disconnected && !this.fatal) await sleep(50);
      if (!(await this.attempt(batch[0]))) {
        this.failed = batch;
        continue;
      }
      round = -1;
      const rest = batch.slice(1);
      const stored = await Promise.all(rest.map((e) => this.attempt(e)));
      this.failed.push(...rest.filter((_, i) => !stored[i]));
    }
    this.recovering = false;
    this.pump();
    this.wake();
  }

  private fail(err: StreamError): void {
    this.fatal ??= err;
    this.wake();
  }

  private waitForChange(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    if (this.waiters.length === 0) return;
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }

  /** While disconnected send nothing; on reconnect, sends from before the drop will not be acked: retry them now. */
  private async watchConnection(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === 'disconnect') this.disconnected = true;
      else if (s.type === 'reconnect') {
        this.disconnected = false;
        this.sent.abandonAll('connection lost before the ack');
        this.pump();
        this.wake();
      } else if (s.type === 'close') {
        this.fail(new StreamError('the NATS connection was closed while publishing'));
        return;
      }
    }
  }
}
