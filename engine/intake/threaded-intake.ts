// Main-thread side of the intake thread: starts it on a feed and hands back its reports in batches as an
// async iterator, so `detect` counts and decides one batch while the thread reads, parses and validates the next.
import type { Worker } from 'node:worker_threads';
import { processCallerKey } from '../privacy/caller-key.ts';
import { InputError, LizhengError, PartialInputError } from '../errors.ts';
import type { EnrichMode } from './intake.ts';
import type { CountedReport, Report } from './report.ts';
import { startTsWorker } from '../threads/start-ts-worker.ts';
import { fromColumns, type TransferableColumns } from '../checkpoint/counted-columns.ts';
import type { EventTimeGateOptions } from '../time/event-time-gate.ts';

export interface IntakeThreadData {
  /** An NDJSON feed path, or - for this process's stdin. */
  readonly path: string;
  /** Profile name or file, loaded again on the thread. */
  readonly profile: string;
  readonly mode: EnrichMode;
  /**
   * Send whole reports (text, enrichment, location), not only their counted fields: the incident tracker reads them.
   */
  readonly whole: boolean;
  /** How implausible event times are held back and quarantined before counting. */
  readonly gate: EventTimeGateOptions;
  /** Read a receivedAt without a UTC offset in the profile's timezone instead of rejecting the line. */
  readonly localTimes?: boolean;
  /** What caller ids are hashed with: by default the opening process's own key; null keeps them (IntakeOptions). */
  readonly callerKey?: Uint8Array | null;
}

export type IntakeThreadMessage =
  | { type: 'opened'; size: number | null }
  | {
      type: 'reports';
      packed: TransferableColumns;
      whole: Report[] | null;
      bad: string[];
      quarantined: number;
      lines: number;
      bytesRead: number;
    }
  | { type: 'end' }
  /** `lastLine` when reading broke off mid-feed: every line up to it was posted before this message. */
  | { type: 'failed'; name: string; message: string; lastLine?: number };

/**
 * One batch, in the order the event-time gate lets reports through: its reports (whole when asked for), a message
 * per bad line (quarantined reports among them), lines and bytes read.
 */
export interface IntakeBatch {
  readonly reports: readonly CountedReport[] | readonly Report[];
  readonly bad: readonly string[];
  /** Reports among `bad` kept out of counting for their event time. */
  readonly quarantined: number;
  /** Non-blank lines in this batch, good and bad. */
  readonly lines: number;
  /** Bytes of the input read so far. */
  readonly bytesRead: number;
}

/** A feed being read and validated on its own thread. Iterate once; leaving the loop early stops the thread. */
export class ThreadedIntake implements AsyncIterable<IntakeBatch> {
  /** File size in bytes; null for stdin. */
  size: number | null = null;
  private queue: IntakeThreadMessage[] = [];
  private waiting: (() => void) | null = null;
  private failure: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly stdin: boolean,
  ) {
    worker.on('message', (m: IntakeThreadMessage) => this.push(m));
    worker.on('error', (err) => this.fail(new LizhengError(`intake thread failed: ${err.message}`, { cause: err })));
    worker.on('exit', () => this.fail(new LizhengError('intake thread stopped before the end of the feed')));
  }

  /** Start the thread; resolves once the feed is open, rejects with InputError when it cannot be. */
  static async open(data: IntakeThreadData): Promise<ThreadedIntake> {
    const stdin = data.path === '-';
    const worker = startTsWorker(
      new URL('./intake-thread.ts', import.meta.url),
      { ...data, callerKey: data.callerKey === undefined ? processCallerKey() : data.callerKey },
      { stdin },
    );
    if (stdin) process.stdin.pipe(worker.stdin!);
    const intake = new ThreadedIntake(worker, stdin);
    try {
      const first = await intake.next();
      if (first.type !== 'opened') throw new LizhengError(`intake thread said ${first.type} before opening`);
      intake.size = first.size;
      return intake;
    } catch (err) {
      await intake.stop();
      throw err;
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<IntakeBatch> {
    try {
      for (;;) {
        const m = await this.next();
        if (m.type === 'end') return;
        if (m.type !== 'reports') throw new LizhengError(`intake thread sent ${m.type} mid-feed`);
        this.worker.postMessage('more');
        yield {
          reports: m.whole ?? fromColumns(m.packed),
          bad: m.bad,
          quarantined: m.quarantined,
          lines: m.lines,
          bytesRead: m.bytesRead,
        };
      }
    } finally {
      await this.stop();
    }
  }

  private async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    if (this.stdin) process.stdin.unpipe(this.worker.stdin!);
    await this.worker.terminate();
  }

  private async next(): Promise<IntakeThreadMessage> {
    while (this.queue.length === 0) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    const m = this.queue.shift()!;
    if (m.type === 'failed') throw failure(m);
    return m;
  }

  private push(m: IntakeThreadMessage): void {
    this.queue.push(m);
    this.wake();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake();
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }
}

/** The error a `failed` message stands for, of the class the thread threw (input errors), or a LizhengError. */
function failure(m: Extract<IntakeThreadMessage, { type: 'failed' }>): LizhengError {
  if (m.name === 'PartialInputError') return new PartialInputError(m.message, m.lastLine ?? 0);
  if (m.name === 'InputError') return new InputError(m.message);
  return new LizhengError(`intake thread failed: ${m.name}: ${m.message}`);
}
