// When and how state becomes safe: every N messages or T ms (paced by checkpoint-pacing.ts), capture the
// engine's state at one instant, wait until everything it published so far is stored, write the checkpoint,
// and only then ack the input it covers. A crash anywhere in between replays input the checkpoint does not cover.
import type { JsMsg } from '@nats-io/jetstream';
import { errors } from '@nats-io/transport-node';
import type { Logger } from '../log.ts';
import type { CheckpointStore } from './checkpoint-store.ts';
import { checkpointDue, pacedIntervalMs, pacingTickMs, type PacingPolicy } from './checkpoint-pacing.ts';
import { TUNING } from './nats-names.ts';
import type { PipelinedPublisher } from './pipelined-publisher.ts';
import type { EngineTuning } from './service-lifecycle.ts';
import { CheckpointConflictError } from './stream-errors.ts';

/**
 * What one checkpoint writes (key → serialised state, in order: what a head references before the head), which
 * messages it then acks (cumulatively), and which keys it then deletes (blocks no head references any more).
 */
export interface Capture {
  readonly writes: ReadonlyArray<readonly [key: string, json: string]>;
  readonly acks: readonly JsMsg[];
  readonly removes?: readonly string[];
}

export interface CycleOptions {
  /**
   * Checkpoint interval, and the consumer's max_ack_pending and ack_wait (a checkpoint is forced at half the one, a
   * quarter of the other).
   */
  readonly tuning?: EngineTuning;
  /** Milliseconds until something waited for is due (the next minute's close); a capture is put off before it. */
  readonly msUntilDue?: () => number;
  /** Capture state now, synchronously; null when nothing changed since the last checkpoint. */
  readonly capture: () => Capture | null;
  /**
   * Wait until whatever else the captured state produced (e.g. rows for the store) is safe; awaited before the
   * checkpoint is written.
   */
  readonly barrier?: () => Promise<void>;
  readonly onError: (err: Error) => void;
  readonly log: Logger;
}

/**
 * Checkpoint values written at once. A first checkpoint can hold hundreds of blocks, and while a backlog is
 * consumed each round trip waits a turn of a busy event loop: written one by one they took over 10 s.
 */
const WRITES_IN_FLIGHT = 256;

/** A failed capture and a newer one: newer state wins per key, every ack and every removal is kept. */
function merge(older: Capture | null, newer: Capture | null): Capture | null {
  if (!older || !newer) return newer ?? older;
  const writes = new Map([...older.writes, ...newer.writes]);
  return {
    writes: [...writes],
    acks: [...older.acks, ...newer.acks],
    removes: [...(older.removes ?? []), ...(newer.removes ?? [])],
  };
}

export class CheckpointCycle {
  lastAt = Date.now();
  lastBytes = 0;
  count = 0;
  /** How long the last capture held the thread, and when it ended. */
  lastCaptureMs = 0;
  private capturedAt = Date.now();
  private sinceLast = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  /** Blocks the last written checkpoint no longer references, still to be deleted. */
  private unreferenced: string[] = [];
  /** A capture whose write failed; written with the next cycle unless a newer capture replaces it. */
  private unwritten: Capture | null = null;
  private firstFailure: number | null = null;
  private readonly policy: PacingPolicy;

  constructor(
    private readonly store: CheckpointStore,
    private readonly publisher: PipelinedPublisher,
    private readonly options: CycleOptions,
  ) {
    const { tuning } = options;
    const everyMessages = tuning?.checkpointEveryMessages ?? TUNING.checkpointEveryMessages;
    this.policy = {
      everyMs: tuning?.checkpointEveryMs ?? TUNING.checkpointEveryMs,
      everyMessages,
      captureShare: TUNING.checkpointCaptureShare,
      forceAfterMessages: Math.max(everyMessages, Math.floor((tuning?.maxAckPending ?? TUNING.maxAckPending) / 2)),
      forceAfterMs: (tuning?.ackWaitMs ?? TUNING.ackWaitMs) / 4,
    };
  }

  start(): void {
    this.timer = setInterval(() => this.runIfDue(), pacingTickMs(this.policy));
  }

  /** Count one handled message; starts a checkpoint when enough have piled up. */
  noteMessage(): void {
    if (++this.sinceLast >= this.policy.everyMessages) this.runIfDue();
  }

  /** The longest this cycle may go between checkpoints at its current pace (readiness allows twice this). */
  get pacedMs(): number {
    return pacedIntervalMs(this.policy, this.lastCaptureMs);
  }

  /** Start a checkpoint if the pacing policy says so (see checkpoint-pacing.ts) and none is running. */
  private runIfDue(): void {
    if (this.running) return;
    const state = {
      msSinceLast: Date.now() - this.capturedAt,
      messagesSinceLast: this.sinceLast,
      lastCaptureMs: this.lastCaptureMs,
      msUntilDue: this.options.msUntilDue?.() ?? Infinity,
    };
    if (checkpointDue(state, this.policy)) void this.run();
  }

  /**
   * Run one checkpoint now, paced or not (or right after the one in progress). Resolves when it is written and acked.
   */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.once()
      .catch((err: Error) => this.options.onError(err))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.run();
        }
      });
    return this.running;
  }

  /** Run a checkpoint now and fail unless everything captured so far is written and acked. */
  async runStrict(): Promise<void> {
    await this.run();
    if (this.running) await this.run();
    if (this.unwritten) throw new Error('checkpoint could not be written');
  }

  /** Stop the timer and write a final checkpoint. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.running) await this.running;
    await this.run();
  }

  /** Delete blocks no written checkpoint references; what cannot be deleted now is tried again next time. */
  private async discardUnreferenced(): Promise<void> {
    const keys = this.unreferenced;
    this.unreferenced = [];
    for (const [i, key] of keys.entries()) {
      try {
        await this.store.discard(key);
      } catch (err) {
        this.unreferenced.push(...keys.slice(i));
        this.options.log.warn(
          { err: (err as Error).message, keys: keys.length - i },
          `checkpoint blocks not deleted yet (${(err as Error).message}); retrying`,
        );
        return;
      }
    }
  }

  private async once(): Promise<void> {
    this.sinceLast = 0;
    const started = performance.now();
    const captured = this.options.capture();
    this.lastCaptureMs = performance.now() - started;
    this.capturedAt = Date.now();
    const capture = merge(this.unwritten, captured);
    if (!capture) return;
    this.unwritten = capture;
    try {
      await this.publisher.flush();
      await this.options.barrier?.();
      let bytes = 0;
      // Everything but the last write (a head, or one of several independent heads) in parallel, then the last:
      // a head is never stored before what it references.
      const writes = capture.writes;
      for (let i = 0; i < writes.length - 1; i += WRITES_IN_FLIGHT) {
        const sizes = await Promise.all(
          writes
            .slice(i, Math.min(i + WRITES_IN_FLIGHT, writes.length - 1))
            .map(([key, json]) => this.store.save(key, json)),
        );
        for (const n of sizes) bytes += n;
      }
      if (writes.length > 0) bytes += await this.store.save(...writes[writes.length - 1]);
      for (const msg of capture.acks) msg.ack();
      this.unwritten = null;
      this.unreferenced.push(...(capture.removes ?? []));
      this.firstFailure = null;
      this.lastAt = Date.now();
      this.lastBytes = bytes;
      this.count++;
      await this.discardUnreferenced();
    } catch (err) {
      // Another process owns the role now: writing again would overwrite its newer state.
      if (err instanceof CheckpointConflictError) throw err;
      // The connection was closed on purpose (its server is known gone): no retry can succeed.
      if (closedConnection(err)) throw err;
      // NATS may be restarting: keep the capture (a newer one replaces it) and try again next time.
      this.firstFailure ??= Date.now();
      if (Date.now() - this.firstFailure > TUNING.publishGiveUpMs) throw err;
      this.options.log.warn(
        { err: (err as Error).message },
        `checkpoint not written yet (${(err as Error).message}); retrying`,
      );
    }
  }
}

/** Whether `err`, or an error it was caused by, is nats.js's "connection closed". */
function closedConnection(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) if (e instanceof errors.ClosedConnectionError) return true;
  return false;
}
