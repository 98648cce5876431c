// What the three pipeline roles (whole city, partition counter, decider) are given and count: their options and
// their tally. How they run and stop is pipeline-service.ts.
import type { JsMsg } from '@nats-io/jetstream';
import type { AlertEvent } from '../../schemas/alert-event.ts';
import type { DeciderSettings } from '../decide/decider-options.ts';
import { UNKNOWN, type CountedReport } from '../intake/report.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { Store } from '../store/open-store.ts';
import type { CityClock } from '../time/event-time.ts';
import type { FeedTuning } from './consumer-feed.ts';
import type { DeadLetters } from './dead-letter.ts';
import type { Incoming } from './intake-message.ts';
import type { EventTimeGateOptions, QuarantineReason } from '../time/event-time-gate.ts';

export interface EngineTuning extends FeedTuning {
  readonly checkpointEveryMessages?: number;
  readonly checkpointEveryMs?: number;
}

export interface EngineRunOptions {
  readonly profile: Profile;
  readonly clock: CityClock;
  /**
   * Track same-place incidents (`--enrich all`). Reports arrive settled and enriched by the edge (`replay`), so
   * this is all the engine's `--enrich` still decides; incidents need the places only `replay --enrich all` extracts.
   */
  readonly trackIncidents: boolean;
  readonly latenessMs: number;
  /**
   * The event-time gate before counting (whole-city engine; partitions trust the source time their publisher gated).
   */
  readonly gate?: EventTimeGateOptions;
  readonly decider: DeciderSettings;
  /** Replay mode: never read the wall clock; stop at the end-of-feed markers. */
  readonly replay: boolean;
  /** Serve GET /health on 127.0.0.1:port. */
  readonly healthPort?: number;
  readonly tuning?: EngineTuning;
  /** Whole-city engine only: store reports, closed minutes and alert events; ack input after they commit. */
  readonly store?: Store;
  /** Each alert event as it is published (e.g. `--print`). */
  readonly onAlert?: (event: AlertEvent) => void;
  /**
   * The role's lease (engine-roles.ts), taken before the service is built: reported in /health and /metrics, and losing
   * it stops the service.
   */
  readonly lease?: { readonly held: boolean; onLost: (err: Error) => void };
}

export interface EngineTally {
  processed: number;
  counted: number;
  duplicate: number;
  late: number;
  poison: number;
  /** Reports kept out of counting for their event time, by reason (dead-lettered with it). */
  quarantined: Record<QuarantineReason, number>;
}

export const emptyTally = (): EngineTally => ({
  processed: 0,
  counted: 0,
  duplicate: 0,
  late: 0,
  poison: 0,
  quarantined: { ahead: 0, 'ahead-of-clock': 0, 'too-old': 0 },
});

/** The tally's counts as one line: `N messages, N counted, …`. */
export const formatTally = (t: EngineTally): string =>
  `${t.processed} messages, ${t.counted} counted, ${t.duplicate} duplicates, ${t.late} late, ${t.poison} poison, ` +
  `${Object.values(t.quarantined).reduce((a, b) => a + b, 0)} quarantined for their time`;

/** What `now` counted beyond `base` (this run's share of a tally restored from a checkpoint). */
export function tallySince(now: EngineTally, base: EngineTally): EngineTally {
  const quarantined = { ...now.quarantined };
  for (const k of Object.keys(quarantined) as Array<keyof typeof quarantined>)
    quarantined[k] -= base.quarantined?.[k] ?? 0;
  return {
    processed: now.processed - base.processed,
    counted: now.counted - base.counted,
    duplicate: now.duplicate - base.duplicate,
    late: now.late - base.late,
    poison: now.poison - base.poison,
    quarantined,
  };
}

/** The counting units of a profile: every district, plus `unknown` for reports with none. */
export const unitCodes = (profile: Profile): string[] => [...profile.districtCodes, UNKNOWN];

/**
 * An INTAKE message read by a counting role: counted as processed; poison is counted and dead-lettered here,
 * and comes back as null (what is left for the role is a report or a marker).
 */
export function admitIntake<R extends CountedReport>(
  msg: JsMsg,
  incoming: Incoming<R>,
  tally: EngineTally,
  dead: DeadLetters,
): Exclude<Incoming<R>, { kind: 'poison' }> | null {
  tally.processed++;
  if (incoming.kind !== 'poison') return incoming;
  tally.poison++;
  dead.reject(msg, incoming.reason);
  return null;
}
