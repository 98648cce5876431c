// The counting stage: event-time minute buckets per district×topic, closed by a watermark, deduplicated by id.
// Decisions downstream see only closed minutes, so arrival order inside the lateness bound never matters.
import { isWholeReport, type CountedReport, type Report } from '../intake/report.ts';
import { MINUTE_MS, minuteOf } from '../time/event-time.ts';
import type { MinuteSeries } from './minute-series.ts';
import { IdSet, idHash } from './id-set.ts';
import { MinuteCells, byTimeThenId, summarizeMinute } from './minute-cells.ts';
import { sortInPlace } from './sort-in-place.ts';

export type IngestResult = 'counted' | 'duplicate' | 'late';

export interface CellCounterOptions {
  /** How far behind the newest event time a report may arrive and still count (default 2 min). */
  readonly latenessMs?: number;
  /** Closed minutes for which a report id is remembered at least, to recognise redeliveries (default 240). */
  readonly horizonMinutes?: number;
  /**
   * Called once per closed minute, in minute order, empty minutes included; `reports` are the minute's whole
   * reports in (time, id) order when `keepReports`, else none.
   */
  readonly onMinute: (series: MinuteSeries, reports: readonly Report[]) => void;
  /**
   * Keep each report whole until its minute closes, for onMinute (default true: the incident tracker and a
   * partitioned decider read them). Without it an open minute holds only what counting needs, so a busy
   * minute's texts and raw fields die young instead of filling the old generation and the checkpoints.
   */
  readonly keepReports?: boolean;
  /**
   * Start as a counter that has seen event time up to here (minutes before it, less the lateness, are closed): a
   * partition's district counter starts where the whole-city counter stands when the district's first message comes.
   */
  readonly startAt?: number;
}

/** Two generations of recent ids, each with its first minute: the older first. */
export interface IdGenerations {
  readonly previousStart: number;
  readonly previous: readonly string[];
  readonly start: number;
  readonly current: readonly string[];
}

/**
 * Everything a counter needs to resume exactly where it stands. The lists are the counter's own (no copy: a capture
 * costs what was added, see engine/checkpoint/): read them before the next ingest.
 */
export interface CounterState {
  readonly maxT: number;
  readonly nextMinute: number | null;
  /** Each open minute and its reports in arrival order: whole ones when reports are kept, else counted fields. */
  readonly open: ReadonlyArray<readonly [minute: number, reports: readonly CountedReport[]]>;
  /** null before the first report. */
  readonly ids: IdGenerations | null;
  readonly late: number;
}

const NO_REPORTS: readonly Report[] = Object.freeze([]);

/**
 * An open minute this busy is grouped by cell as its reports arrive (MinuteCells), not all at its close.
 * Below it a close costs about a millisecond; at 5,000 reports/s (300k a minute) grouping at the close took
 * 100–130 ms of the consumer's time, all at the moment the minute's alerts were waited for.
 */
export const GROUP_AT = 4096;

export class CellCounter {
  readonly latenessMs: number;
  readonly horizonMinutes: number;
  private readonly onMinute: CellCounterOptions['onMinute'];
  private maxT = -Infinity;
  /** First minute not yet closed; null until the first report. */
  private nextMinute: number | null = null;
  /** Open minutes' reports: whole Reports when `keepReports`, else CountedReports. */
  private readonly open = new Map<number, CountedReport[]>();
  /** The open minutes that reached GROUP_AT reports, grouped by cell since. */
  private readonly grouped = new Map<number, MinuteCells>();
  private readonly keepReports: boolean;
  /** Restored minutes whose state held counted-only reports: onMinute gets only their whole ones. */
  private readonly partlyWhole = new Set<number>();
  /**
   * Recent ids in two generations of `horizonMinutes` closed minutes each: an id stays at least the horizon
   * and at most twice it. Rotating drops a whole generation; deleting ids one by one cost more than the counting.
   */
  private current = new IdSet();
  private previous = new IdSet();
  /** First minute of the current generation; null until the first report. */
  private generationStart: number | null = null;
  /** First minute of the previous generation (it names that generation in a checkpoint's blocks). */
  private previousStart: number | null = null;
  /** Reports that arrived after their minute closed: stored, never decided on. */
  lateCount = 0;

  constructor(options: CellCounterOptions) {
    this.latenessMs = options.latenessMs ?? 2 * MINUTE_MS;
    this.horizonMinutes = options.horizonMinutes ?? 240;
    this.onMinute = options.onMinute;
    this.keepReports = options.keepReports ?? true;
    if (options.startAt === undefined) return;
    this.maxT = options.startAt;
    this.nextMinute = minuteOf(options.startAt - this.latenessMs);
  }

  /** Event time up to which every minute is closed. */
  get watermark(): number {
    return this.maxT - this.latenessMs;
  }

  /** Event time until the watermark passes the end of the oldest open minute; Infinity before the first report. */
  get untilNextClose(): number {
    return this.nextMinute === null ? Infinity : (this.nextMinute + 1) * MINUTE_MS - this.watermark;
  }

  /**
   * Count one report, unless its id was seen within the horizon or its minute already closed. With
   * `keepReports` give whole Reports (onMinute hands them on); without, the counted fields are enough.
   */
  ingest(report: CountedReport): IngestResult {
    const hash = idHash(report.id);
    if (this.previous.has(report.id, hash) || !this.current.add(report.id, hash)) return 'duplicate';
    const minute = minuteOf(report.t);
    this.nextMinute ??= minuteOf(report.t - this.latenessMs);
    this.generationStart ??= this.nextMinute;
    if (minute < this.nextMinute) {
      this.lateCount++;
      return 'late';
    }
    let bucket = this.open.get(minute);
    if (!bucket) this.open.set(minute, (bucket = []));
    const kept =
      this.keepReports || !isWholeReport(report)
        ? report
        : { id: report.id, t: report.t, district: report.district, topic: report.topic, caller: report.caller };
    if (bucket.push(kept) >= GROUP_AT) this.group(minute, bucket, kept);
    if (report.t > this.maxT) {
      this.maxT = report.t;
      this.closeThrough(minuteOf(this.watermark) - 1);
    }
    return 'counted';
  }

  /** Live idle tick: let the watermark follow the wall clock. Replay never calls this. */
  advanceTo(t: number): void {
    if (t <= this.maxT) return;
    this.maxT = t;
    if (this.nextMinute !== null) this.closeThrough(minuteOf(this.watermark) - 1);
  }

  /** End of input: close every minute that holds reports. */
  flush(): void {
    if (this.open.size === 0) return;
    this.closeThrough(Math.max(...this.open.keys()));
  }

  /** A busy minute: group it by cell from now on (`kept` is already in `bucket`). */
  private group(minute: number, bucket: readonly CountedReport[], kept: CountedReport): void {
    const cells = this.grouped.get(minute);
    if (cells) cells.add(kept);
    else this.grouped.set(minute, new MinuteCells(bucket));
  }

  private closeThrough(last: number): void {
    if (this.nextMinute === null) return;
    for (let m = this.nextMinute; m <= last; m++) {
      const bucket = this.open.get(m);
      const cells = this.grouped.get(m);
      this.open.delete(m);
      this.grouped.delete(m);
      this.nextMinute = m + 1;
      this.rotate(m);
      // A grouped minute's cells are ready; its whole bucket is sorted only when whole reports are handed on.
      const reports = !bucket ? NO_REPORTS : cells && !this.keepReports ? bucket : sortInPlace(bucket, byTimeThenId);
      const series = cells ? cells.close(m, reports) : summarizeMinute(m, reports);
      this.onMinute(series, this.keepReports ? this.wholeOf(m, reports) : NO_REPORTS);
    }
  }

  /**
   * A closed minute's whole reports, when they are kept: all of them but in a minute restored from counted-only
   * reports.
   */
  private wholeOf(minute: number, reports: readonly CountedReport[]): readonly Report[] {
    if (!this.partlyWhole.delete(minute)) return reports as readonly Report[];
    return reports.filter(isWholeReport);
  }

  /** Start a new id generation once the current one spans the horizon; the one before it is forgotten. */
  private rotate(closing: number): void {
    if (this.generationStart !== null && closing - this.generationStart >= this.horizonMinutes) {
      this.previous = this.current;
      this.current = new IdSet();
      this.previousStart = this.generationStart;
      this.generationStart = closing;
    }
  }

  /** Where this counter stands (see CounterState: the lists are its own). */
  state(): CounterState {
    const start = this.generationStart;
    return {
      maxT: this.maxT,
      nextMinute: this.nextMinute,
      open: [...this.open],
      ids:
        start === null
          ? null
          : {
              previousStart: this.previousStart ?? start - this.horizonMinutes,
              previous: this.previous.view(),
              start,
              current: this.current.view(),
            },
      late: this.lateCount,
    };
  }

  /** A counter that resumes where `state` left one. */
  static fromState(state: CounterState, options: CellCounterOptions): CellCounter {
    const c = new CellCounter(options);
    c.maxT = state.maxT;
    c.nextMinute = state.nextMinute;
    c.lateCount = state.late;
    for (const [m, reports] of state.open) {
      c.open.set(m, [...reports]);
      if (c.keepReports && !reports.every(isWholeReport)) c.partlyWhole.add(m);
    }
    if (state.ids) {
      c.previous = new IdSet(state.ids.previous);
      c.current = new IdSet(state.ids.current);
      c.previousStart = state.ids.previousStart;
      c.generationStart = state.ids.start;
    }
    return c;
  }
}
