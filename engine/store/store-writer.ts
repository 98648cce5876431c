// The writer's contract: what the engine (JetStream consumer) and the gateway call to store things.
import type { Report } from '../intake/report.ts';
import type { MinuteSeries } from '../windows/minute-series.ts';
import type { AlertTransition } from './alert-transitions.ts';

export interface WriterOptions {
  /** Rows per database round trip (default 10 000). */
  readonly batchRows?: number;
  /** How long a small batch waits for company (default 20 ms). */
  readonly maxDelayMs?: number;
  /** Rows held before writeX() calls wait for room (default 50 000). */
  readonly maxQueuedRows?: number;
  /** First retry delay after a transient failure, doubled up to retryMaxMs (defaults 100 ms, 5 s). */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
}

export interface ReportWriteResult {
  /** Reports stored by this call. */
  readonly written: number;
  /** Reports already stored (redelivery), stored once. */
  readonly duplicates: number;
  /** Reports the database refused, with its reason; the others of the batch are stored. */
  readonly rejected: ReadonlyArray<{ readonly id: string; readonly reason: string }>;
}

/**
 * What the engine and gateway call to store things. Every promise resolves only once its rows are
 * committed, so a consumer acknowledges its messages after that; while the database is unreachable the
 * writer retries with backoff and the promises simply wait (and new calls queue up to maxQueuedRows).
 */
export interface StoreWriter {
  /** Store raw reports (`late`: they arrived after their minute closed); a redelivered id is stored once. */
  writeReports(reports: readonly Report[], options?: { late?: boolean }): Promise<ReportWriteResult>;
  /** Upsert closed minutes of the cell series: a minute written again replaces its counts. */
  writeSeries(series: MinuteSeries | readonly MinuteSeries[]): Promise<void>;
  /** Engine alert events and officers' transitions, in order; resolves to how many were new. */
  writeAlertEvents(events: readonly AlertTransition[]): Promise<number>;
  /** Resolves when everything handed over so far is committed. */
  flush(): Promise<void>;
  /**
   * Rows queued for the database and not yet committed (at most maxQueuedRows, or one larger call); calls beyond wait
   * their turn.
   */
  readonly pending: number;
}
