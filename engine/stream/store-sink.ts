// What the whole-city engine hands the store: counted and late reports, closed minutes and alert events,
// gathered per turn of the event loop and written in order; `barrier` lets the checkpoint cycle ack
// input only once every row it produced is committed.
import type { AlertEvent } from '../../schemas/alert-event.ts';
import type { Report } from '../intake/report.ts';
import type { Logger } from '../log.ts';
import type { StoreWriter } from '../store/store-writer.ts';
import type { MinuteSeries } from '../windows/minute-series.ts';

type Pending =
  | { readonly kind: 'reports'; readonly late: boolean; readonly rows: Report[] }
  | { readonly kind: 'series'; readonly rows: MinuteSeries[] }
  | { readonly kind: 'alerts'; readonly rows: AlertEvent[] };

export class StoreSink {
  /** Reports the database refused for their content (logged; the rest of their batch is stored). */
  rejected = 0;
  private pending: Pending[] = [];
  private scheduled = false;
  private inFlight: Promise<void>[] = [];
  private failed: Error | null = null;

  constructor(
    private readonly writer: StoreWriter,
    private readonly onError: (err: Error) => void,
    private readonly log: Logger,
  ) {}

  /** A report the counter counted (`late`: it arrived after its minute closed). */
  report(report: Report, late: boolean): void {
    const last = this.pending.at(-1);
    if (last?.kind === 'reports' && last.late === late) last.rows.push(report);
    else this.add({ kind: 'reports', late, rows: [report] });
  }

  /** A closed minute of the cell series. */
  series(series: MinuteSeries): void {
    const last = this.pending.at(-1);
    if (last?.kind === 'series') last.rows.push(series);
    else this.add({ kind: 'series', rows: [series] });
  }

  /** An alert event as the engine raised it. */
  alert(event: AlertEvent): void {
    const last = this.pending.at(-1);
    if (last?.kind === 'alerts') last.rows.push(event);
    else this.add({ kind: 'alerts', rows: [event] });
  }

  /**
   * Resolves once everything handed over before this call is committed; rejects if a write failed.
   * It waits on those writes' own promises, not on `writer.flush()`, which also waits for every write
   * queued meanwhile and so would not return while reports keep arriving.
   */
  async barrier(): Promise<void> {
    this.handOver();
    const inFlight = this.inFlight;
    this.inFlight = [];
    await Promise.all(inFlight);
    if (this.failed) throw this.failed;
  }

  private add(item: Pending): void {
    this.pending.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.handOver());
  }

  /** Give the writer what piled up, in order; it batches and keeps that order. */
  private handOver(): void {
    this.scheduled = false;
    for (const item of this.pending) this.inFlight.push(this.write(item).catch((err: Error) => this.fail(err)));
    this.pending = [];
  }

  /** A write that failed for good (the writer retries transient failures itself): stop the engine. */
  private fail(err: Error): void {
    this.failed ??= err;
    this.onError(err);
  }

  private async write(item: Pending): Promise<void> {
    if (item.kind === 'series') return this.writer.writeSeries(item.rows);
    if (item.kind === 'alerts') {
      await this.writer.writeAlertEvents(item.rows);
      return;
    }
    const result = await this.writer.writeReports(item.rows, { late: item.late });
    for (const r of result.rejected)
      this.log.warn({ report: r.id, reason: r.reason }, `store: report ${r.id} refused by the database: ${r.reason}`);
    this.rejected += result.rejected.length;
  }
}
