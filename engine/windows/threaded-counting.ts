// Main-thread side of the counting thread: starts it on a feed and hands back closed minutes in batches as
// an async iterator, so `detect` decides one batch while the thread reads, parses and counts the next.
import type { Worker } from 'node:worker_threads';
import { InputError, LizhengError } from '../errors.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { EnrichMode } from '../intake/intake.ts';
import type { Report } from '../intake/report.ts';
import { startTsWorker } from '../threads/start-ts-worker.ts';
import type { MinuteSeries } from './minute-series.ts';
import { unpackMinutes, type PackedMinutes } from './packed-minutes.ts';

export interface CountingThreadData {
  /** An NDJSON feed path, or - for this process's stdin. */
  readonly path: string;
  /** Profile name or file, loaded again on the thread. */
  readonly profile: string;
  readonly mode: EnrichMode;
  readonly latenessMs: number;
  /** Send each minute's whole reports (text, enrichment, location) too: the incident tracker reads them. */
  readonly whole: boolean;
}

/** What happened to the feed's lines so far. */
export interface FeedTally {
  lines: number;
  counted: number;
  duplicate: number;
  late: number;
  bad: number;
}

export type CountingThreadMessage =
  | { type: 'opened'; size: number | null }
  | { type: 'minutes'; minutes: PackedMinutes; reports: Array<readonly Report[]>; bad: string[]; tally: FeedTally; bytesRead: number }
  | { type: 'end' }
  | { type: 'failed'; name: string; message: string };

/** One closed minute and, when whole reports were asked for, its reports (else none). */
export interface ClosedMinute {
  readonly series: MinuteSeries;
  readonly reports: readonly Report[];
}

/** One batch, in feed order: closed minutes, a message per bad line, the tally and bytes read so far. */
export interface CountedBatch {
  readonly minutes: readonly ClosedMinute[];
  readonly bad: readonly string[];
  readonly tally: Readonly<FeedTally>;
  readonly bytesRead: number;
}

const NO_REPORTS: readonly Report[] = Object.freeze([]);

/** A feed being read and counted on its own thread. Iterate once; leaving the loop early stops the thread. */
export class ThreadedCounting implements AsyncIterable<CountedBatch> {
  /** File size in bytes; null for stdin. */
  size: number | null = null;
  private queue: CountingThreadMessage[] = [];
  private waiting: (() => void) | null = null;
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker, private readonly profile: Profile, private readonly stdin: boolean) {
    worker.on('message', (m: CountingThreadMessage) => this.push(m));
    worker.on('error', (err) => this.fail(new LizhengError(`counting thread failed: ${err.message}`, { cause: err })));
    worker.on('exit', () => this.fail(new LizhengError('counting thread stopped before the end of the feed')));
  }

  /** Start the thread; resolves once the feed is open, rejects with InputError when it cannot be. */
  static async open(data: CountingThreadData, profile: Profile): Promise<ThreadedCounting> {
    const stdin = data.path === '-';
    const worker = startTsWorker(new URL('./counting-thread.ts', import.meta.url), data, { stdin });
    if (stdin) process.stdin.pipe(worker.stdin!);
    const counting = new ThreadedCounting(worker, profile, stdin);
    try {
      const first = await counting.next();
      if (first.type !== 'opened') throw new LizhengError(`counting thread said ${first.type} before opening`);
      counting.size = first.size;
      return counting;
    } catch (err) {
      await counting.stop();
      throw err;
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<CountedBatch> {
    try {
      for (;;) {
        const m = await this.next();
        if (m.type === 'end') return;
        if (m.type !== 'minutes') throw new LizhengError(`counting thread sent ${m.type} mid-feed`);
        this.worker.postMessage('more');
        const series = unpackMinutes(m.minutes, this.profile);
        const minutes = series.map((s, i) => ({ series: s, reports: m.reports[i] ?? NO_REPORTS }));
        yield { minutes, bad: m.bad, tally: m.tally, bytesRead: m.bytesRead };
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

  private async next(): Promise<CountingThreadMessage> {
    while (this.queue.length === 0) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    const m = this.queue.shift()!;
    if (m.type === 'failed') throw m.name === 'InputError' ? new InputError(m.message) : new LizhengError(`counting thread failed: ${m.name}: ${m.message}`);
    return m;
  }

  private push(m: CountingThreadMessage): void {
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
