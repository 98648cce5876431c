// Publishes to JetStream with many acks in flight (bounded), and survives a server restart: a message
// whose ack does not come is sent again with the same Nats-Msg-Id, so the stream stores it once.
// After a failure nothing new is sent until the failed messages are stored again, in their original
// order, which keeps the stream in publish order across a restart.
// Acks are read from one wildcard inbox rather than one request per message: nats.js request() costs
// about 60 µs a message here, this path about 8 µs.
import { createInbox, headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { HEADERS, TUNING } from './nats-names.ts';
import { StreamError } from './stream-errors.ts';

export interface PublishAck {
  readonly stream: string;
  readonly seq: number;
  /** The stream already held this Nats-Msg-Id (from another publisher, or an earlier run). */
  readonly duplicate: boolean;
}

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

interface Sent {
  readonly entry: Entry;
  readonly at: number;
  readonly settle: (stored: boolean) => void;
}

export interface PublishStats {
  published: number;
  duplicates: number;
  /** Sends repeated after a timeout or a lost connection. */
  retries: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const decoder = new TextDecoder();

export class PipelinedPublisher {
  readonly stats: PublishStats = { published: 0, duplicates: 0, retries: 0 };
  private readonly limit: number;
  private readonly ackTimeoutMs: number;
  private readonly giveUpMs: number;
  private readonly onAck: PublishOptions['onAck'];
  private readonly inbox = createInbox();
  private readonly sub: Subscription;
  private readonly timer: NodeJS.Timeout;
  private readonly sent = new Map<number, Sent>();
  private nextIndex = 0;
  private nextToken = 0;
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
    this.ackTimeoutMs = options.ackTimeoutMs ?? TUNING.publishAckTimeoutMs;
    this.giveUpMs = options.giveUpMs ?? TUNING.publishGiveUpMs;
    this.onAck = options.onAck;
    this.sub = nc.subscribe(`${this.inbox}.*`, { callback: (_err, msg) => this.receive(msg) });
    this.timer = setInterval(() => this.expire(), Math.min(250, this.ackTimeoutMs / 4));
    this.timer.unref();
    void this.watchConnection();
  }

  /**
   * Send one message; resolves as soon as it is queued within the in-flight bound (not when stored),
   * so a caller reading a file is held back by the server's pace. Rejects once the publisher gave up.
   */
  async publish(subject: string, data: Uint8Array, msgId: string, headers?: Record<string, string>, tag?: unknown): Promise<void> {
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

  /** Wait until every message handed over is stored (or the publisher gave up). */
  async flush(): Promise<void> {
    while (!this.fatal && (this.queued > 0 || this.sent.size > 0 || this.recovering)) await this.waitForChange();
    if (this.fatal) throw this.fatal;
  }

  /** Move queued messages into flight while there is room and no recovery is under way. */
  private pump(): void {
    while (this.queued > 0 && this.sent.size < this.limit && !this.recovering && !this.disconnected) {
      const entry = this.queue[this.queueHead++];
      void this.attempt(entry).then((stored) => {
        if (!stored) {
          this.failed.push(entry);
          this.startRecovery();
        }
        this.pump();
        this.wake();
      });
    }
    if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
  }

  /** Messages handed over and not yet stored. */
  get pending(): number {
    return this.queued + this.sent.size + this.failed.length;
  }

  private get queued(): number {
    return this.queue.length - this.queueHead;
  }

  /** Stop listening for acks; call after `flush()`. */
  close(): void {
    clearInterval(this.timer);
    this.sub.unsubscribe();
    this.fail(new StreamError('publisher closed'));
  }

  /** One send of one message; resolves true when stored (or recognised as already stored). */
  private attempt(entry: Entry): Promise<boolean> {
    entry.attempts++;
    const token = this.nextToken++;
    const h = natsHeaders();
    h.set(HEADERS.msgId, entry.msgId);
    if (entry.headers) for (const [k, v] of Object.entries(entry.headers)) h.set(k, v);
    return new Promise<boolean>((settle) => {
      this.sent.set(token, { entry, at: Date.now(), settle });
      try {
        this.nc.publish(entry.subject, entry.data, { reply: `${this.inbox}.${token}`, headers: h });
      } catch (err) {
        this.sent.delete(token);
        settle(this.failure(entry, err as Error));
      }
    });
  }

  private receive(msg: Msg): void {
    const token = Number(msg.subject.slice(this.inbox.length + 1));
    const s = this.sent.get(token);
    if (!s) return;
    this.sent.delete(token);
    if (msg.headers?.hasError) return s.settle(this.failure(s.entry, new Error(`status ${msg.headers.code} ${msg.headers.description}`)));
    let ack: PublishAck & { error?: { description: string } };
    try {
      ack = JSON.parse(decoder.decode(msg.data));
    } catch (err) {
      return s.settle(this.failure(s.entry, err as Error));
    }
    if (ack.error) return s.settle(this.failure(s.entry, new Error(ack.error.description)));
    // A duplicate on a resend is most likely our own earlier attempt that was stored but not acked.
    const duplicate = ack.duplicate === true && s.entry.attempts === 1;
    if (duplicate) this.stats.duplicates++;
    else this.stats.published++;
    this.onAck?.({ stream: ack.stream, seq: ack.seq, duplicate }, s.entry.tag);
    s.settle(true);
  }

  /** Record a failed send; false, unless it has failed for too long (then the publisher gives up). */
  private failure(entry: Entry, err: Error): false {
    entry.firstFailure ??= Date.now();
    if (Date.now() - entry.firstFailure > this.giveUpMs) {
      this.fail(new StreamError(`gave up publishing ${entry.subject} (Nats-Msg-Id ${entry.msgId}) after ${Math.round(this.giveUpMs / 1000)} s: ${err.message}`, { cause: err }));
    }
    return false;
  }

  /** Sends older than the ack timeout have failed; the map is in send order, so stop at the first young one. */
  private expire(): void {
    const cutoff = Date.now() - this.ackTimeoutMs;
    for (const [token, s] of this.sent) {
      if (s.at > cutoff) break;
      this.sent.delete(token);
      s.settle(this.failure(s.entry, new Error(`no ack within ${this.ackTimeoutMs} ms`)));
    }
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
        for (const [token, sent] of this.sent) {
          this.sent.delete(token);
          sent.settle(this.failure(sent.entry, new Error('connection lost before the ack')));
        }
        this.pump();
        this.wake();
      } else if (s.type === 'close') {
        this.fail(new StreamError('the NATS connection was closed while publishing'));
        return;
      }
    }
  }
}
