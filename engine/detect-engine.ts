// The engine in one process: counting (windows + watermark) feeding the decider and, when given,
// the incident tracker. `lizheng detect` and the JetStream engine both run exactly this.
import type { AlertEvent } from '../schemas/alert-event.ts';
import type { Profile } from './profile/city-profile.ts';
import type { Report } from './intake/report.ts';
import type { CityClock } from './time/event-time.ts';
import { CellCounter, type CounterSnapshot, type IngestResult } from './windows/cell-counter.ts';
import type { MinuteSeries } from './windows/minute-series.ts';
import { Decider, type DeciderSnapshot } from './decide/decider.ts';
import type { DeciderOptions } from './decide/decider-options.ts';

/** Anything that turns closed minutes of reports into alerts of its own (the incident tracker). */
export interface MinuteWatcher {
  onMinute(minute: number, reports: readonly Report[]): AlertEvent[];
  /** Ids of the incident alerts open in a cell right now. */
  openIncidentIds(district: string, topic: string): string[];
  snapshot(): unknown;
}

export interface DetectEngineOptions {
  readonly profile: Profile;
  readonly clock: CityClock;
  readonly decider?: Partial<DeciderOptions>;
  readonly latenessMs?: number;
  readonly incidents?: MinuteWatcher;
  readonly onAlert: (event: AlertEvent) => void;
  readonly onSeries?: (series: MinuteSeries, reports: readonly Report[]) => void;
}

export interface EngineSnapshot {
  readonly version: 1;
  readonly counter: CounterSnapshot;
  readonly decider: DeciderSnapshot;
  readonly incidents?: unknown;
}

export class DetectEngine {
  readonly counter: CellCounter;
  readonly decider: Decider;
  readonly alertsByKind = { surge: 0, incident: 0, citywide: 0 };

  constructor(private readonly options: DetectEngineOptions, snapshot?: EngineSnapshot) {
    const counterOptions = { latenessMs: options.latenessMs, onMinute: (s: MinuteSeries, r: readonly Report[]) => this.closed(s, r) };
    this.counter = snapshot ? CellCounter.restore(snapshot.counter, counterOptions) : new CellCounter(counterOptions);
    this.decider = snapshot
      ? Decider.restore(snapshot.decider, options.profile, options.clock, options.decider)
      : new Decider(options.profile, options.clock, options.decider);
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
    this.options.onSeries?.(series, reports);
    for (const e of this.decider.onMinute(series)) {
      this.publish(e);
      if (e.type === 'alert.opened' && e.alert.kind === 'surge') this.linkOpenIncidents(e.alert.district!, e.alert.topic, series.minute);
    }
    for (const e of this.options.incidents?.onMinute(series.minute, reports) ?? []) {
      this.publish(e);
      if (e.type === 'alert.opened') this.emitLink(this.decider.linkIncident(e.alert.district!, e.alert.topic, e.alert.id, series.minute));
    }
  }

  /** A surge and the incidents inside its cell point at each other, whichever opened first. */
  private linkOpenIncidents(district: string, topic: string, minute: number): void {
    for (const id of this.options.incidents?.openIncidentIds(district, topic) ?? []) this.emitLink(this.decider.linkIncident(district, topic, id, minute));
  }

  private emitLink(event: AlertEvent | null): void {
    if (event) this.publish(event);
  }

  private publish(event: AlertEvent): void {
    if (event.type === 'alert.opened') this.alertsByKind[event.alert.kind]++;
    this.options.onAlert(event);
  }

  snapshot(): EngineSnapshot {
    return {
      version: 1,
      counter: this.counter.snapshot(),
      decider: this.decider.snapshot(),
      ...(this.options.incidents ? { incidents: this.options.incidents.snapshot() } : {}),
    };
  }
}
