// Runs reports through the same engine `lizheng detect` uses and collects the alert stream.
import type { AlertEvent } from '../../schemas/alert-event.ts';
import type { IntakeReport } from '../../schemas/intake-report.ts';
import { loadProfile } from '../../engine/profile/city-profile.ts';
import { CityClock } from '../../engine/time/event-time.ts';
import { normalizeReport } from '../../engine/intake/normalize-report.ts';
import { DetectEngine } from '../../engine/detect-engine.ts';
import type { DeciderOptions } from '../../engine/decide/decider-options.ts';

export const profile = loadProfile('chengdu');
export const clock = new CityClock(profile.timezone);

export function runDetector(reports: readonly IntakeReport[], decider: Partial<DeciderOptions> = {}): AlertEvent[] {
  const events: AlertEvent[] = [];
  const engine = new DetectEngine({ profile, clock, decider, onAlert: (e) => events.push(e) });
  for (const r of reports) engine.ingest(normalizeReport(r, profile, clock));
  engine.flush();
  return events;
}

export const opened = (events: readonly AlertEvent[]) => events.filter((e) => e.type === 'alert.opened').map((e) => e.alert);
