// Runs reports through the same engine `lizheng detect` uses and collects the alert stream.
import type { AlertEvent } from '../../schemas/alert-event.ts';
import type { IntakeReport } from '../../schemas/intake-report.ts';
import { loadProfile } from '../../engine/profile/city-profile.ts';
import { CityClock } from '../../engine/time/event-time.ts';
import { Intake } from '../../engine/intake/intake.ts';
import { IncidentTracker } from '../../engine/incidents/incident-tracker.ts';
import { DetectEngine } from '../../engine/detect-engine.ts';
import type { DeciderOptions } from '../../engine/decide/decider-options.ts';

export const profile = loadProfile('chengdu');
export const clock = new CityClock(profile.timezone);

/** `withText`: enrich every report and track incidents, as `lizheng detect` does by default. */
export function runDetector(
  reports: readonly IntakeReport[],
  decider: Partial<DeciderOptions> = {},
  withText = false,
): AlertEvent[] {
  const events: AlertEvent[] = [];
  const intake = new Intake(profile, clock, withText ? 'all' : 'none');
  const incidents = withText ? new IncidentTracker({ profile, clock }) : undefined;
  const engine = new DetectEngine({ profile, clock, decider, incidents, onAlert: (e) => events.push(e) });
  for (const r of reports) engine.ingest(intake.accept(r));
  engine.flush();
  return events;
}

export const opened = (events: readonly AlertEvent[]) =>
  events.filter((e) => e.type === 'alert.opened').map((e) => e.alert);
