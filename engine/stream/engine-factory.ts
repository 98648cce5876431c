// Builds the DetectEngine a pipeline process runs, composed exactly as `lizheng detect` composes it:
// counter → decider, plus the incident tracker when reports are fully enriched; resumed from a state (see engine/checkpoint/).
import type { AlertEvent } from '../../schemas/alert-event.ts';
import { DetectEngine, type DetectEngineState } from '../detect-engine.ts';
import { IncidentTracker } from '../incidents/incident-tracker.ts';
import type { MinuteSeries } from '../windows/minute-series.ts';
import type { EngineRunOptions } from './service-lifecycle.ts';

export interface EngineHooks {
  readonly onAlert: (event: AlertEvent) => void;
  readonly onSeries?: (series: MinuteSeries) => void;
  /** The counter's lateness; the decider of a partitioned engine gets closed minutes and uses 0. */
  readonly latenessMs: number;
}

/** Same-place clustering needs the places only full enrichment extracts (as in `lizheng detect --enrich all`). */
export function createDetectEngine(options: EngineRunOptions, hooks: EngineHooks, state?: DetectEngineState): DetectEngine {
  const { profile, clock } = options;
  const incidents = !options.trackIncidents ? undefined
    : state?.incidents !== undefined ? IncidentTracker.fromState(state.incidents, { profile, clock }) : new IncidentTracker({ profile, clock });
  return new DetectEngine({ profile, clock, latenessMs: hooks.latenessMs, decider: options.decider, incidents, onAlert: hooks.onAlert, onSeries: hooks.onSeries }, state);
}
