// The running service's morning reports: the schedule wired to a store, generating from what the store holds
// and archiving into daily_reports, which the gateway serves.
import type { Logger } from '../log.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { Store } from '../store/index.ts';
import { CityClock } from '../time/event-time.ts';
import { gatherReport } from './gather-report.ts';
import { archiveReport } from './produce-report.ts';
import { ReportSchedule } from './report-schedule.ts';

export interface MorningReportServiceOptions {
  /** Minutes after local midnight (minutesOfDay). */
  readonly at: number;
  /** 'event': the newest stored report time is "now" (replay, demo); 'wall': the machine's clock. */
  readonly clock: 'wall' | 'event';
  readonly log: Logger;
  readonly everyMs?: number;
}

/** Start generating each day's report at its time; stop() the result before closing the store. */
export function startMorningReports(store: Store, profile: Profile, options: MorningReportServiceOptions) {
  const clock = new CityClock(profile.timezone);
  const now = options.clock === 'event' ? () => store.queries.latestReceivedAt() : () => Date.now();
  const schedule = new ReportSchedule({
    clock,
    at: options.at,
    now,
    archived: async (day) => (await store.archive.days(profile.data.code, 1, day))[0] === day,
    generate: async (day, at) => {
      const report = await gatherReport(store.queries, profile, clock, { day, now: at, source: 'store' });
      await archiveReport(store, report);
    },
    log: options.log,
    everyMs: options.everyMs,
  });
  schedule.start();
  return schedule;
}
