// The deciding half of the engine: closed minutes in, alerts out. The decider, the incident tracker when
// given, and the links between a cell's surge and its incidents. DetectEngine feeds it from a counter on
// the same thread; `lizheng detect` feeds it from a counter on its main thread, beside the intake thread.
import type { AlertEvent } from '../schemas/alert-event.ts';
import type { Profile } from './profile/city-profile.ts';
import type { Report } from './intake/report.ts';
import type { CityClock } from './time/event-time.ts';
import type { MinuteSeries } from './windows/minute-series.ts';
import { Decider, type DeciderState } from './decide/decider.ts';
import type { DeciderSettings } from './decide/decider-options.ts';
import type { IncidentTrackerState } from './incidents/incident-tracker.ts';

/** Anything that turns closed minutes of reports into alerts of its own (the incident tracker). */
export interface MinuteWatcher {
  onMinute(minute: number, reports: readonly Report[]): AlertEvent[];
  /** Ids of the incident alerts open in a cell right now. */
  openIncidentIds(district: string, topic: string): string[];
  state(): IncidentTrackerState;
}

export interface MinuteEngineOptions {
  readonly profile: Profile;
  readonly clock: CityClock;
  readonly decider?: DeciderSettings;
  readonly incidents?: MinuteWatcher;
  readonly onAlert: (event: AlertEvent) => void;
}

export class MinuteEngine {
  readonly decider: Decider;
  readonly alertsByKind = { surge: 0, incident: 0, citywide: 0, district: 0 };

  /** `decider`: where the decider of an engine of the same options stood. */
  constructor(
    private readonly options: MinuteEngineOptions,
    decider?: DeciderState,
  ) {
    this.decider = new Decider(options.profile, options.clock, options.decider, decider);
  }

  /** Decide one closed minute; `reports` are its reports, read only by the incident tracker. */
  closed(series: MinuteSeries, reports: readonly Report[]): void {
    for (const e of this.decider.onMinute(series)) {
      this.publish(e);
      if (e.type === 'alert.opened' && e.alert.kind === 'surge')
        this.linkOpenIncidents(e.alert.district!, e.alert.topic!, series.minute);
    }
    for (const e of this.options.incidents?.onMinute(series.minute, reports) ?? []) {
      this.publish(e);
      if (e.type === 'alert.opened')
        this.emitLink(this.decider.linkIncident(e.alert.district!, e.alert.topic!, e.alert.id, series.minute));
    }
  }

  /** A surge and the incidents inside its cell point at each other, whichever opened first. */
  private linkOpenIncidents(district: string, topic: string, minute: number): void {
    for (const id of this.options.incidents?.openIncidentIds(district, topic) ?? [])
      this.emitLink(this.decider.linkIncident(district, topic, id, minute));
  }

  private emitLink(event: AlertEvent | null): void {
    if (event) this.publish(event);
  }

  private publish(event: AlertEvent): void {
    if (event.type === 'alert.opened') this.alertsByKind[event.alert.kind]++;
    this.options.onAlert(event);
  }
}
