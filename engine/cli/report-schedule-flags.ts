// The morning-report schedule's flags, shared by `lizheng start` and `lizheng engine --store`.
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { minutesOfDay } from '../report/report-schedule.ts';

export interface ReportScheduleFlags {
  reportAt: string;
  reports: boolean;
}

export function addReportScheduleFlags(command: Command): Command {
  return command
    .option(
      '--report-at <HH:MM>',
      "local time (the profile's zone) the previous day's morning report is generated and archived",
      '00:05',
    )
    .option('--no-reports', 'do not generate morning reports (another process does)');
}

/** Minutes after midnight of --report-at, or null with --no-reports; a bad time is a UsageError naming the flag. */
export function parseReportSchedule(flags: ReportScheduleFlags): number | null {
  if (!flags.reports) return null;
  try {
    return minutesOfDay(flags.reportAt);
  } catch (err) {
    throw new UsageError(`--report-at: ${(err as Error).message}`);
  }
}
