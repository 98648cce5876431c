// The city `lizheng start --demo` plays: four weeks of synthetic history ending today, so the engine learns its
// baselines, then a week that plays live, cut where it is so that an injected surge begins moments after.
import type { Profile } from '../profile/city-profile.ts';
import { CityClock, HOUR_MS, MINUTE_MS } from '../time/event-time.ts';
import type { Injection } from './injections.ts';
import { firstInjectionDay } from './surge-plan.ts';
import { SyntheticFeed } from './synthetic-feed.ts';
import { SURGE_KINDS } from './truth.ts';

/** Days of history: the warm-up after which the generator injects surges (firstInjectionDay of a long feed). */
export const DEMO_HISTORY_DAYS = 28;
/** Days that play live after the history. */
export const DEMO_LIVE_DAYS = 7;
/** Event time between the start of live play and the first surge, so the wall shows a quiet city first. */
const LEAD_MS = 20 * MINUTE_MS;
/** Surges an alert follows within minutes of event time; slow burns and citywide rises take hours. */
const QUICK_KINDS: ReadonlySet<string> = new Set(['incident', 'small_incident']);

export interface DemoCity {
  readonly feed: SyntheticFeed;
  /** Epoch ms where live play starts: everything before is history, replayed as fast as the server acks. */
  readonly liveFrom: number;
  /** The surge live play leads up to (null when the seed injected none after the history). */
  readonly firstSurge: Injection | null;
}

/** The demo city for `seed`, its history ending on the city's local day of `now`. */
export function demoCity(profile: Profile, seed: string, now: number): DemoCity {
  const clock = new CityClock(profile.timezone);
  const days = DEMO_HISTORY_DAYS + DEMO_LIVE_DAYS;
  if (firstInjectionDay(days) !== DEMO_HISTORY_DAYS)
    throw new Error(`the generator's warm-up is no longer ${DEMO_HISTORY_DAYS} days: change DEMO_HISTORY_DAYS`);
  const start = clock.localDay(now - DEMO_HISTORY_DAYS * 24 * HOUR_MS);
  const feed = new SyntheticFeed({ profile, seed, days, start, surges: true });
  const surges = feed.injections.filter(
    (i) => (SURGE_KINDS as readonly string[]).includes(i.kind) && i.start >= feed.injectFrom,
  );
  const firstSurge = surges.find((i) => QUICK_KINDS.has(i.kind)) ?? surges[0] ?? null;
  const liveFrom = firstSurge === null ? feed.injectFrom : Math.max(feed.injectFrom, firstSurge.start - LEAD_MS);
  return { feed, liveFrom, firstSurge };
}
