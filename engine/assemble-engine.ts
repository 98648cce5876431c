// The one composition of the engine, for `lizheng detect`, `lizheng engine` and whatever else runs it: counter →
// decider (its detector suite chosen by the decider options), plus the incident tracker when reports are fully
// enriched, in which case open minutes keep whole reports for it, their one reader; resumed from a state (see
// engine/checkpoint/).
import type { AlertEvent } from '../schemas/alert-event.ts';
import type { DeciderSettings } from './decide/decider-options.ts';
import { DetectEngine, type DetectEngineState } from './detect-engine.ts';
import { IncidentTracker } from './incidents/incident-tracker.ts';
import type { Profile } from './profile/city-profile.ts';
import type { CityClock } from './time/event-time.ts';
import type { MinuteSeries } from './windows/minute-series.ts';

/** What decides the engine's shape: the city, its detectors, and whether it tracks same-place incidents. */
export interface EngineParts {
  readonly profile: Profile;
  readonly clock: CityClock;
  readonly decider: DeciderSettings;
  /** Same-place clustering needs the places only full enrichment (`--enrich all`) extracts. */
  readonly trackIncidents: boolean;
}

export interface EngineHooks {
  readonly onAlert: (event: AlertEvent) => void;
  readonly onSeries?: (series: MinuteSeries) => void;
  /** The counter's lateness; the decider of a partitioned engine gets closed minutes and uses 0. */
  readonly latenessMs: number;
}

export function assembleEngine(parts: EngineParts, hooks: EngineHooks, state?: DetectEngineState): DetectEngine {
  const { profile, clock } = parts;
  const settings = parts.decider;
  const incidents = !parts.trackIncidents
    ? undefined
    : state?.incidents !== undefined
      ? IncidentTracker.fromState(state.incidents, { profile, clock, settings })
      : new IncidentTracker({ profile, clock, settings });
  return new DetectEngine(
    {
      profile,
      clock,
      latenessMs: hooks.latenessMs,
      decider: parts.decider,
      incidents,
      onAlert: hooks.onAlert,
      onSeries: hooks.onSeries,
    },
    state,
  );
}
