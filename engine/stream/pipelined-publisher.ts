// Publishes to JetStream with many acks in flight (bounded), and survives a server restart: a message
// whose ack does not come is sent again with the same Nats-Msg-Id, so the stream stores it once.
// After a failure nothing new is sent until the failed messages are stored again, in their original
// order, which keeps the stream in publish order across a restart.
import { setTimeout as sleep } from 'node:timers/promises';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
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
  /** Called once per stored message. */
  readonly onAck?: (ack: PublishAck, tag: unknown) => void;
}

interface Entry {
  readonly index: number;
  readonly subject: string;
  readonly data: Uint8Array;
  readonly msgId: string;
  readonly headers: Record<string, string> | undefined;
  readonly tag: unknown;
  firstFailure: number | null;
  attempts: number;
}

type Settle = (stored: boolean, entry: Entry) => void;

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
    this.queue.push({ index: this.nextIndex++, subject, data, msgId, headers, tag, firstFailure: null, attempts: 0 });
    this.pump();
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

  /** One send of one message; `settle(true)` once stored (or recognised as already stored). */
  private send(entry: Entry, settle: Settle): void {
    entry.attempts++;
    const h = natsHeaders();
    h.set(HEADERS.msgId, entry.msgId);
    if (entry.headers) for (const k in entry.headers) h.set(k, entry.headers[k]);
    this.sent.send(entry.subject, entry.data, h, (outcome) => settle(this.settled(entry, outcome), entry));
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
