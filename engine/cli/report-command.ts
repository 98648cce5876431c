// `lizheng report`: the morning report (网络理政日报) of one local day, from the store or from a feed file, as
// HTML, PDF or JSON.
import type { Command } from 'commander';
import { Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { UsageError } from '../errors.ts';
import { isCalendarDate } from '../generate/feed-calendar.ts';
import { REPORT_FORMATS, type ReportFormat } from '../report/report-formats.ts';
import { collect, parseNumberFlag } from './flags.ts';
import { reportPartialFailure } from './exit-codes.ts';

interface ReportFlags {
  date: string;
  format: ReportFormat;
  out?: string;
  profile: string;
  input?: string;
  top: string;
  events?: string;
  storeDir: string;
  storeSchema: string;
  set: string[];
  progress: boolean;
}

export function register(program: Command): void {
  program
    .command('report')
    .description(
      'write the morning report (网络理政日报) of one local day: HTML, PDF or JSON, from the store or a feed',
    )
    .requiredOption('--date <YYYY-MM-DD>', "the local day to report on (the profile's time zone)")
    .addOption(
      new Option('-f, --format <format>', 'html (prints as A4), pdf (needs Chromium) or json (every figure)')
        .choices([...REPORT_FORMATS])
        .default('html'),
    )
    .option('-o, --out <file>', 'write here instead of stdout (a PDF is never written to a terminal)')
    .option('-p, --profile <name|file>', 'city profile: built-in name or JSON file', 'chengdu')
    .option(
      '-i, --input <feed>',
      'run detection over this feed (NDJSON, .gz) in this process and report on one of its days, instead of the store',
    )
    .option('--top <N>', 'issues listed under 需重点关注的问题', '7')
    .option('--events <file>', 'known events (JSON array or NDJSON of {date, title, scope}) annotated on the charts')
    .option('--store-dir <dir>', 'embedded database directory when DATABASE_URL is not set', './data/pg')
    .option('--store-schema <name>', 'database schema of the store', 'lizheng')
    .option('--set <key=value>', 'with --input: override a detector option (repeatable), as in detect', collect, [])
    .option('--no-progress', 'no progress bar on stderr (with --input)')
    .addHelpText(
      'after',
      `
Source: the store (PostgreSQL at DATABASE_URL, else the embedded one in --store-dir, which no running
lizheng start may hold at the same time), or --input FEED. Both read the same queries, so a feed replayed
into a running engine and the same feed given to --input give the same report.
A day with no stored report says so (该日无数据) instead of printing zeros.
Sections: overview, topics, districts (per 10,000 residents when the profile has populations), hour curve
against the usual curve of that weekday, the day's alerts, 需重点关注的问题 (--top), responsiveness by unit,
recurring hotspots, known events (--events); definitions at the foot.

Examples:
  lizheng report --date 2026-01-20 --out 2026-01-20.html
  lizheng report --date 2026-01-20 --format pdf --out 2026-01-20.pdf
  lizheng report --input data/week/feed.ndjson --date 2026-01-20 --format json --top 10`,
    )
    .action((flags: ReportFlags) => report(flags));
}

async function report(flags: ReportFlags): Promise<void> {
  if (!isCalendarDate(flags.date)) throw new UsageError(`--date: expected a date YYYY-MM-DD, got "${flags.date}"`);
  const top = parseNumberFlag('--top', flags.top, { min: 1, max: 50, integer: true });
  if (flags.format === 'pdf' && !flags.out && process.stdout.isTTY)
    throw new UsageError('--format pdf: give --out FILE (a PDF is not written to a terminal)');
  if (flags.set.length > 0 && !flags.input) throw new UsageError('--set: only with --input (the store has its alerts)');
  const [
    { loadProfile },
    { eventScopes, readKnownEvents },
    { gatherReport },
    { produceReport },
    { openStore },
    { storeFeed },
  ] = await Promise.all([
    import('../profile/city-profile.ts'),
    import('../report/known-events.ts'),
    import('../report/gather-report.ts'),
    import('../report/produce-report.ts'),
    import('../store/index.ts'),
    import('../report/feed-report-store.ts'),
  ]);
  const [{ CityClock }, { localMidnight }, { addDays }, { tuneOptions }] = await Promise.all([
    import('../time/event-time.ts'),
    import('../generate/feed-calendar.ts'),
    import('../report/report-days.ts'),
    import('../decide/tune-options.ts'),
  ]);
  const profile = loadProfile(flags.profile);
  const clock = new CityClock(profile.timezone);
  const events = flags.events ? readKnownEvents(flags.events, eventScopes(profile)) : [];
  if (flags.set.length > 0) tuneOptions(flags.set); // a bad --set is a usage error before the feed is read
  let broken: string | null = null;
  const store = flags.input
    ? await storeFeed({
        path: flags.input,
        profileName: flags.profile,
        profile,
        // What the report reads: the 30 days up to the day (trend, units, hotspots) and four weeks of the weekday.
        from: localMidnight(addDays(flags.date, -29), clock),
        to: localMidnight(addDays(flags.date, 1), clock),
        set: flags.set,
        progress: flags.progress,
        warn: (line) => process.stderr.write(`${line}\n`),
      }).then((fed) => {
        broken = fed.broken?.message ?? null;
        return fed.store;
      })
    : await openStore({
        dataDir: flags.storeDir,
        schema: flags.storeSchema,
        timezone: profile.timezone,
        maintainEveryMs: null,
        log: () => {},
      });
  try {
    const now = Date.now();
    const figures = await gatherReport(store.queries, profile, clock, {
      day: flags.date,
      now,
      source: flags.input ? 'feed' : 'store',
      top,
      events,
    });
    if (!figures.hasData)
      process.stderr.write(
        `report: no report was received on ${flags.date} in ${flags.input ?? store.describe}; the report says so\n`,
      );
    const file = await produceReport(figures, flags.format);
    if (flags.out) writeFileSync(flags.out, file);
    else process.stdout.write(file);
    if (flags.out)
      process.stderr.write(
        `report: ${flags.date} (${figures.overview.reports} reports, ${figures.alerts.length} alerts, ` +
          `${figures.topIssues.length} top issues) written to ${flags.out}\n`,
      );
  } finally {
    await store.close();
  }
  if (broken) reportPartialFailure(broken);
}
