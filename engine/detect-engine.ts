// The engine in one process: counting (windows + watermark) feeding the deciding half (decider and, when
// given, the incident tracker). The JetStream engine runs exactly this.
import type { Report } from './intake/report.ts';
import { CellCounter, type CounterSnapshot, type IngestResult } from './windows/cell-counter.ts';
import type { MinuteSeries } from './windows/minute-series.ts';
import type { Decider, DeciderSnapshot } from './decide/decider.ts';
import { MinuteEngine, type MinuteEngineOptions } from './minute-engine.ts';
import type { BlockReader, BlockSink } from './checkpoint-blocks.ts';

export interface DetectEngineOptions extends MinuteEngineOptions {
  readonly latenessMs?: number;
  readonly onSeries?: (series: MinuteSeries) => void;
}

export interface EngineSnapshot {
  readonly version: 1;
  readonly counter: CounterSnapshot;
  readonly decider: DeciderSnapshot;
  readonly incidents?: unknown;
}

export class DetectEngine {
  readonly counter: CellCounter;
  private readonly minutes: MinuteEngine;

  /** `read` resolves the blocks of a snapshot taken with a BlockSink. */
  constructor(private readonly options: DetectEngineOptions, snapshot?: EngineSnapshot, read?: BlockReader) {
    // Whole reports are kept in open minutes only for the incident tracker, the one reader of them.
    const counterOptions = {
      latenessMs: options.latenessMs, keepReports: options.incidents !== undefined,
      onMinute: (s: MinuteSeries, r: readonly Report[]) => this.closed(s, r),
    };
    this.counter = snapshot ? CellCounter.restore(snapshot.counter, counterOptions, read) : new CellCounter(counterOptions);
    this.minutes = new MinuteEngine(options, snapshot?.decider, read);
  }

  get decider(): Decider {
    return this.minutes.decider;
  }

  get alertsByKind(): MinuteEngine['alertsByKind'] {
    return this.minutes.alertsByKind;
  }

  ingest(report: Report): IngestResult {
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

  private closed(series: MinuteSeries, reports: readonly Report[]): void {
    this.options.onSeries?.(series);
    this.minutes.closed(series, reports);
  }

  /** JSON-safe state; given a sink, its long lists and closed minutes go there in blocks (checkpoint-blocks.ts). */
  snapshot(sink?: BlockSink): EngineSnapshot {
    return {
      version: 1,
      counter: this.counter.snapshot(sink),
      decider: this.decider.snapshot(sink),
      ...(this.options.incidents ? { incidents: this.options.incidents.snapshot() } : {}),
    };
  }
}
