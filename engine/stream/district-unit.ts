// The counting unit of a partitioned engine: one district, one counter, fed by one durable consumer in
// stream order. Before each message the counter is moved to the message's source time (the newest event
// time the publisher had seen), so a report is late here exactly when it is late to a counter that sees
// the whole city — whichever other districts share this process, and in whatever order they arrive.
import type { Report } from '../intake/report.ts';
import { minuteOf } from '../time/event-time.ts';
import { CellCounter, type CounterState, type IngestResult } from '../windows/cell-counter.ts';
import type { MinuteSeries } from '../windows/minute-series.ts';
import type { ClosedMarker } from './series-message.ts';

/** Where a district's counting unit stands. */
export interface UnitState {
  readonly district: string;
  /** INTAKE stream sequence of the last message reflected here. */
  readonly seq: number;
  readonly counter: CounterState | null;
  readonly through: number | null;
  readonly ended: boolean;
  readonly markedThrough: number | null;
  readonly markedEnded: boolean;
  readonly unmarkedMinutes: number[];
}

export class DistrictUnit {
  seq = 0;
  /** Every minute up to this one is closed here (null before the first message). */
  through: number | null = null;
  ended = false;
  private counter: CellCounter | null = null;
  private markedThrough: number | null = null;
  private markedEnded = false;
  /** Minutes with reports closed since the last marker. */
  private unmarkedMinutes: number[] = [];

  constructor(
    readonly district: string,
    private readonly latenessMs: number,
    /** Keep whole reports until their minute closes: only the incident tracker (at the decider) reads them. */
    private readonly keepReports: boolean,
    private readonly onMinute: (series: MinuteSeries, reports: readonly Report[]) => void,
    state?: UnitState,
  ) {
    if (!state) return;
    this.seq = state.seq;
    this.through = state.through;
    this.ended = state.ended;
    this.markedThrough = state.markedThrough;
    this.markedEnded = state.markedEnded;
    this.unmarkedMinutes = [...state.unmarkedMinutes];
    if (state.counter) this.counter = CellCounter.fromState(state.counter, this.counterOptions());
  }

  /** Event time until this district's next minute closes; Infinity before its first message. */
  get untilNextClose(): number {
    return this.counter?.untilNextClose ?? Infinity;
  }

  /** Count one report whose message carried `sourceTime`. */
  ingest(report: Report, sourceTime: number): IngestResult {
    this.advance(sourceTime);
    return this.counter!.ingest(report);
  }

  /** Nothing older than `t` (minus lateness) can still count: close minutes up to there. */
  advance(t: number): void {
    if (this.counter) this.counter.advanceTo(t);
    else this.prime(t);
  }

  /** End of a replayed feed: close every open minute; nothing more will come. */
  end(t: number): void {
    this.advance(t);
    this.counter!.flush();
    this.ended = true;
  }

  /** The progress marker to publish, or null when nothing changed since the last one. */
  takeMarker(): ClosedMarker | null {
    if (this.through === null || (this.through === this.markedThrough && this.ended === this.markedEnded)) return null;
    const minutes = this.unmarkedMinutes;
    this.unmarkedMinutes = [];
    this.markedThrough = this.through;
    this.markedEnded = this.ended;
    return { kind: 'closed', district: this.district, through: this.through, ended: this.ended, minutes };
  }

  /** Where this unit stands (its counter's lists are the counter's own: read them before the next message). */
  state(): UnitState {
    return {
      district: this.district,
      seq: this.seq,
      counter: this.counter?.state() ?? null,
      through: this.through,
      ended: this.ended,
      markedThrough: this.markedThrough,
      markedEnded: this.markedEnded,
      unmarkedMinutes: [...this.unmarkedMinutes],
    };
  }

  /**
   * A fresh counter starts where a whole-city counter would stand at this source time, so the
   * district's first report is judged late or not exactly as it would be there.
   */
  private prime(t: number): void {
    this.counter = new CellCounter({ ...this.counterOptions(), startAt: t });
    this.through = Math.max(this.through ?? -Infinity, minuteOf(t - this.latenessMs) - 1);
  }

  private counterOptions() {
    return {
      latenessMs: this.latenessMs,
      keepReports: this.keepReports,
      onMinute: (series: MinuteSeries, reports: readonly Report[]) => {
        this.through = series.minute;
        if (series.cells.length > 0) this.unmarkedMinutes.push(series.minute);
        this.onMinute(series, reports);
      },
    };
  }
}
