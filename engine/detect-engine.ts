// The engine in one process: counting (windows + watermark) feeding the deciding half (decider and, when
// given, the incident tracker). The JetStream engine runs exactly this.
import type { CountedReport, Report } from './intake/report.ts';
import { CellCounter, type CounterState, type IngestResult } from './windows/cell-counter.ts';
import type { MinuteSeries } from './windows/minute-series.ts';
import type { Decider, DeciderState } from './decide/decider.ts';
import { MinuteEngine, type MinuteEngineOptions } from './minute-engine.ts';
import type { IncidentTrackerState } from './incidents/incident-tracker.ts';

export interface DetectEngineOptions extends MinuteEngineOptions {
  readonly latenessMs?: number;
  readonly onSeries?: (series: MinuteSeries) => void;
}

/** Where a DetectEngine stands: its counter, its decider and, when it tracks them, its incidents. */
export interface DetectEngineState {
  readonly counter: CounterState;
  readonly decider: DeciderState;
  readonly incidents?: IncidentTrackerState;
}

export class DetectEngine {
  readonly counter: CellCounter;
  private readonly minutes: MinuteEngine;

  /**
   * `state`: where an engine of the same options stood (its incidents are resumed by whoever builds
   * `options.incidents`).
   */
  constructor(
    private readonly options: DetectEngineOptions,
    state?: DetectEngineState,
  ) {
    // Whole reports are kept in open minutes only for the incident tracker, the one reader of them.
    const counterOptions = {
      latenessMs: options.latenessMs,
      keepReports: options.incidents !== undefined,
      onMinute: (s: MinuteSeries, r: readonly Report[]) => this.closed(s, r),
    };
    this.counter = state ? CellCounter.fromState(state.counter, counterOptions) : new CellCounter(counterOptions);
    this.minutes = new MinuteEngine(options, state?.decider);
  }

  get decider(): Decider {
    return this.minutes.decider;
  }

  get alertsByKind(): MinuteEngine['alertsByKind'] {
    return this.minutes.alertsByKind;
  }

  /** A report to count; only the counted fields unless the engine tracks incidents (which keep reports whole). */
  ingest(report: CountedReport): IngestResult {
    return this.counter.ingest(report);
  }

  /** Live mode: the wall clock moves the watermark when the feed is idle. Replay never calls this. */
  tick(now: number): void {
    this.counter.advanceTo(now);
  }

  /** End of input: close every open minute. */
  flush(): void {
    this.counter.flush();
  }

  /** A minute counted and closed elsewhere (the partitions of a partitioned engine): decided, never counted here. */
  decide(series: MinuteSeries, reports: readonly Report[]): void {
    this.minutes.closed(series, reports);
  }

  private closed(series: MinuteSeries, reports: readonly Report[]): void {
    this.options.onSeries?.(series);
    this.minutes.closed(series, reports);
  }

  /** Where this engine stands (the lists in it are the engine's own: read them before the next ingest). */
  state(): DetectEngineState {
    return {
      counter: this.counter.state(),
      decider: this.decider.state(),
      ...(this.options.incidents ? { incidents: this.options.incidents.state() } : {}),
    };
  }
}
