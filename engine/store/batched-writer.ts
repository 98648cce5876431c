// Batches the engine's writes, bounds what waits in memory, retries transient failures with backoff,
// and resolves each caller's promise only once its rows are committed, so the consumer acks after that.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Report } from '../intake/report.ts';
import type { MinuteSeries } from '../windows/minute-series.ts';
import type { AlertTransition } from './alert-transitions.ts';
import type { ReportWriteResult, StoreWriter, WriterOptions } from './store-writer.ts';
import { seriesRows, type SeriesRow } from './report-rows.ts';
import { StoreClosedError, StoreQueryError } from './store-errors.ts';
import { isTransient } from './transient-error.ts';
import type { ReportPart, WriteSink } from './write-sink.ts';

type Settle<R> = { resolve: (value: R) => void; reject: (err: Error) => void };
/** One call's worth of work; `size` counts its rows against the queue bound. */
type Job = { size: number } & (
  | ({ kind: 'reports'; part: ReportPart } & Settle<ReportWriteResult>)
  | ({ kind: 'series'; rows: SeriesRow[] } & Settle<void>)
  | ({ kind: 'alerts'; rows: AlertTransition[] } & Settle<number>)
);
type Outcome = { inserted: Set<string>; rejected: Map<Report, string>; fresh: boolean[] };

export class BatchedWriter implements StoreWriter {
  private readonly queue: Job[] = [];
  private queued = 0;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Jobs handed over while the queue was full, in arrival order. */
  private readonly waiting: Job[] = [];
  private closing = false;
  private readonly opts: Required<WriterOptions>;

  constructor(
    private readonly sink: WriteSink,
    options: WriterOptions = {},
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.opts = {
      batchRows: 10_000,
      maxDelayMs: 20,
      maxQueuedRows: 50_000,
      retryBaseMs: 100,
      retryMaxMs: 5000,
      ...options,
    };
  }

  get pending(): number {
    return this.queued;
  }

  writeReports(reports: readonly Report[], options: { late?: boolean } = {}): Promise<ReportWriteResult> {
    if (reports.length === 0) return Promise.resolve({ written: 0, duplicates: 0, rejected: [] });
    return this.enqueue<ReportWriteResult>({
      kind: 'reports',
      size: reports.length,
      part: { reports: [...reports], late: options.late ?? false },
    });
  }

  writeSeries(series: MinuteSeries | readonly MinuteSeries[]): Promise<void> {
    const rows = (Array.isArray(series) ? series : [series]).flatMap((s: MinuteSeries) => seriesRows(s));
    return rows.length === 0 ? Promise.resolve() : this.enqueue<void>({ kind: 'series', size: rows.length, rows });
  }

  writeAlertEvents(events: readonly AlertTransition[]): Promise<number> {
    return events.length === 0
      ? Promise.resolve(0)
      : this.enqueue<number>({ kind: 'alerts', size: events.length, rows: [...events] });
  }

  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.waiting.length > 0 || this.running) {
      this.start();
      await this.running;
    }
  }

  /**
   * Write what is queued, then stop; if the database is unreachable, queued work fails with StoreClosedError (unacked,
   * so redelivered later).
   */
  async close(): Promise<void> {
    this.closing = true;
    await this.flush();
    await this.sink.close();
  }

  private enqueue<R>(work: Record<string, unknown>): Promise<R> {
    if (this.closing) return Promise.reject(new StoreClosedError('the store writer is closed'));
    const done = new Promise<R>((resolve, reject) => this.waiting.push({ ...work, resolve, reject } as unknown as Job));
    this.admit();
    return done;
  }

  /** Move waiting jobs into the queue in arrival order while there is room, so writes never overtake each other. */
  private admit(): void {
    while (this.waiting.length > 0) {
      const next = this.waiting[0];
      if (this.queued > 0 && this.queued + next.size > this.opts.maxQueuedRows) break;
      this.queue.push(this.waiting.shift()!);
      this.queued += next.size;
    }
    if (this.queued >= this.opts.batchRows) this.start();
    else if (this.queue.length > 0 && !this.running)
      this.timer ??= setTimeout(() => this.start(), this.opts.maxDelayMs);
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running ??= this.drain().finally(() => {
      this.running = null;
      if (this.queue.length > 0) this.start();
    });
  }

  /**
   * Write batches until the queue is empty. Report batches may overlap (up to the sink's `parallel`):
   * one streams while another commits. Any other batch waits for all before it and holds back all after
   * it, so series and alert transitions keep their order and see the reports handed over before them.
   */
  private async drain(): Promise<void> {
    const active = new Set<Promise<void>>();
    let activeKind: Job['kind'] | null = null;
    while (this.queue.length > 0 || active.size > 0) {
      const next = this.queue[0];
      const joins =
        next &&
        (active.size === 0 ||
          (next.kind === 'reports' && activeKind === 'reports' && active.size < this.sink.parallel));
      if (!joins) {
        await Promise.race(active);
        continue;
      }
      const jobs = this.takeBatch();
      activeKind = next.kind;
      const done: Promise<void> = this.writeBatch(jobs).then(() => {
        active.delete(done);
        this.queued -= jobs.reduce((n, j) => n + j.size, 0);
        this.admit();
      });
      active.add(done);
    }
  }

  /** Consecutive jobs of one kind, up to batchRows rows (at least one job), so writes keep their order. */
  private takeBatch(): Job[] {
    const jobs = [this.queue.shift()!];
    let rows = jobs[0].size;
    while (
      this.queue.length > 0 &&
      this.queue[0].kind === jobs[0].kind &&
      rows + this.queue[0].size <= this.opts.batchRows
    ) {
      rows += this.queue[0].size;
      jobs.push(this.queue.shift()!);
    }
    return jobs;
  }

  private async writeBatch(jobs: Job[]): Promise<void> {
    const inserted = new Set<string>(); // survives retries: a sub-batch committed before a failure stays counted
    let paused = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        const outcome = await this.store(jobs, inserted);
        if (paused) this.log(`store: writer resumed after ${attempt} retries (${Math.round(paused)} ms paused)`);
        settle(jobs, outcome);
        return;
      } catch (err) {
        if (!isTransient(err) || this.closing) {
          const failure =
            this.closing && isTransient(err)
              ? new StoreClosedError('store closed while the database was unreachable', { cause: err })
              : asError(err);
          for (const j of jobs) j.reject(failure);
          return;
        }
        const delay = Math.min(this.opts.retryMaxMs, this.opts.retryBaseMs * 2 ** attempt);
        if (attempt === 0) this.log(`store: writer paused, database unavailable (${(err as Error).message}); retrying`);
        paused += delay;
        await sleep(delay);
      }
    }
  }

  private async store(jobs: Job[], inserted: Set<string>): Promise<Outcome> {
    const rejected = new Map<Report, string>();
    let fresh: boolean[] = [];
    const rowsOf = <T>(kind: Job['kind']) =>
      jobs.flatMap((j) => (j.kind === kind && 'rows' in j ? (j.rows as T[]) : []));
    if (jobs[0].kind === 'series') await this.sink.series(rowsOf<SeriesRow>('series'));
    else if (jobs[0].kind === 'alerts') fresh = await this.sink.transitions(rowsOf<AlertTransition>('alerts'));
    else
      await this.isolate(
        jobs.map((j) => (j as { part: ReportPart }).part),
        inserted,
        rejected,
      );
    return { inserted, rejected, fresh };
  }

  /** Store report parts; when the database refuses them for their content, halve until the bad reports are found. */
  private async isolate(parts: ReportPart[], inserted: Set<string>, rejected: Map<Report, string>): Promise<void> {
    try {
      for (const id of await this.sink.reports(parts)) inserted.add(id);
    } catch (err) {
      if (isTransient(err)) throw err;
      if (parts.length === 1 && parts[0].reports.length === 1)
        return void rejected.set(parts[0].reports[0], (err as Error).message);
      for (const half of halves(parts)) await this.isolate(half, inserted, rejected);
    }
  }
}

function halves(parts: ReportPart[]): [ReportPart[], ReportPart[]] {
  if (parts.length > 1) return [parts.slice(0, parts.length >> 1), parts.slice(parts.length >> 1)];
  const { reports, late } = parts[0];
  const cut = reports.length >> 1;
  return [[{ reports: reports.slice(0, cut), late }], [{ reports: reports.slice(cut), late }]];
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new StoreQueryError(String(err), undefined);
}

/** Resolve each job with its share of the outcome; a report counts as written for its first occurrence only. */
function settle(jobs: Job[], { inserted, rejected, fresh }: Outcome): void {
  let freshIndex = 0;
  const counted = new Set<string>();
  for (const job of jobs) {
    if (job.kind === 'series') job.resolve();
    else if (job.kind === 'alerts') {
      job.resolve(fresh.slice(freshIndex, freshIndex + job.size).filter(Boolean).length);
      freshIndex += job.size;
    } else {
      let written = 0;
      let duplicates = 0;
      const refused: Array<{ id: string; reason: string }> = [];
      for (const report of job.part.reports) {
        const reason = rejected.get(report);
        if (reason !== undefined) refused.push({ id: report.id, reason });
        else if (inserted.has(report.id) && !counted.has(report.id)) {
          counted.add(report.id);
          written++;
        } else duplicates++;
      }
      job.resolve({ written, duplicates, rejected: refused });
    }
  }
}
