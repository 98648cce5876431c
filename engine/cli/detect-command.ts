// `lizheng detect`: an intake feed in (NDJSON, file order), the alert stream out, a summary on stderr.
import type { Command } from 'commander';
import { Option } from 'commander';
import { ENRICH_MODES, type EnrichMode } from '../intake/enrich-mode.ts';
import type { IngestResult } from '../windows/cell-counter.ts';
import { CityClock, MINUTE_MS } from '../time/event-time.ts';
import type { DetectorSet } from '../decide/decider-options.ts';
import { progressBar } from './progress-bar.ts';
import { collect, parseMaxAhead, parseNumberFlag } from './flags.ts';
import { OutputLines } from './output-lines.ts';
import { reportPartialFailure } from './exit-codes.ts';
import { PartialInputError } from '../errors.ts';
import { tuneOptions } from '../decide/tune-options.ts';

interface DetectFlags {
  input: string;
  profile: string;
  detector?: DetectorSet;
  lateness: string;
  maxAhead: string;
  set: string[];
  enrich: EnrichMode;
  progress: boolean;
  localTimes?: boolean;
}

export function register(program: Command): void {
  program
    .command('detect')
    .description('read an intake feed (NDJSON, .gz or - for stdin) in file order and print the alert stream as NDJSON')
    .requiredOption('-i, --input <file>', 'intake feed: NDJSON file, .ndjson.gz, or - for stdin')
    .option('-p, --profile <name|file>', 'city profile: built-in name or JSON file', 'chengdu')
    .addOption(
      new Option(
        '-d, --detector <set>',
        "detector family (default: the profile's detector.detector, else default)",
      ).choices(['default', 'ears']),
    )
    .addOption(
      new Option(
        '--enrich <mode>',
        'text understanding: all (topic, district, places, urgency on every report), missing (only reports lacking ' +
          'district or topic), none',
      )
        .choices([...ENRICH_MODES])
        .default('all'),
    )
    .option('--lateness <minutes>', 'allowed lateness of a report behind the newest event time', '2')
    .option(
      '--max-ahead <minutes>',
      'a report further ahead of the feed waits for later reports to confirm its time, else is quarantined',
      '15',
    )
    .option(
      '--set <key=value>',
      'override a detector option (repeatable), e.g. --set fdr=0.02 --set slowRise.maxP=1e-4; `lizheng options` ' +
        'lists them',
      collect,
      [] as string[],
    )
    .option(
      '--local-times',
      "read a receivedAt without a UTC offset in the profile's timezone (by default such a line is bad)",
    )
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText(
      'after',
      `
Output: one {"type":"alert.opened|alert.updated|alert.resolved","alert":{…}} per line on stdout.
Stderr: bad lines (line number and reason), a progress bar on a terminal, and a summary.
Bad lines: over 1 MiB, not JSON, a field of the wrong type, an impossible time (2026-02-30) or one
without a UTC offset (unless --local-times); input echoed on stderr is escaped and cut to 120 characters.
Exit: 0 the whole input was read (bad lines are reported, counted and skipped);
      1 partial: reading broke off mid-file (e.g. a truncated .gz: every alert of what was read is
        printed, then the error), or no valid report was read at all;
      2 the input cannot be opened, or a flag is wrong.

Example:
  lizheng generate --days 35 --seed 7 --out data/week
  lizheng detect --input data/week/feed.ndjson > data/week/alerts.ndjson`,
    )
    .action((flags: DetectFlags) => detect(flags));
}

async function detect(flags: DetectFlags): Promise<void> {
  // Loaded here, not on import: `lizheng --help` must not load what only running a command needs.
  const [{ ThreadedIntake }, { loadProfile }, { assembleEngine }] = await Promise.all([
    import('../intake/threaded-intake.ts'),
    import('../profile/city-profile.ts'),
    import('../assemble-engine.ts'),
  ]);
  const latenessMs = parseNumberFlag('--lateness', flags.lateness, { min: 0 }) * MINUTE_MS;
  const gate = parseMaxAhead(flags.maxAhead);
  const profile = loadProfile(flags.profile);
  const clock = new CityClock(profile.timezone);
  // Same-place clustering needs the text and places that only full enrichment extracts.
  const whole = flags.enrich === 'all';
  const out = new OutputLines();
  const engine = assembleEngine(
    {
      profile,
      clock,
      decider: tuneOptions(flags.set, flags.detector ? { detector: flags.detector } : {}),
      trackIncidents: whole,
    },
    { latenessMs, onAlert: (e) => out.write(JSON.stringify(e)) },
  );
  const feed = await ThreadedIntake.open({
    path: flags.input,
    profile: flags.profile,
    mode: flags.enrich,
    whole,
    gate,
    localTimes: flags.localTimes === true,
    // Alerts carry counts, never a caller: hashing here would cost the feed's reading time and protect nothing.
    callerKey: null,
  });
  const tally: Record<'lines' | 'bad' | 'quarantined' | IngestResult, number> = {
    lines: 0,
    counted: 0,
    duplicate: 0,
    late: 0,
    bad: 0,
    quarantined: 0,
  };
  const bar = progressBar('detect', feed.size ?? 0, 'bytes', flags.progress);
  const started = performance.now();
  // Reading, parsing and validating run on the intake thread; this loop counts and decides while it reads ahead.
  let broken: PartialInputError | null = null;
  try {
    for await (const batch of feed) {
      for (const message of batch.bad) process.stderr.write(`${message}\n`);
      tally.lines += batch.lines;
      tally.bad += batch.bad.length - batch.quarantined;
      tally.quarantined += batch.quarantined;
      for (const report of batch.reports) tally[engine.ingest(report)]++;
      bar.update(batch.bytesRead);
      // Each batch's alerts go out before the next batch is read, so a live pipe sees them at once.
      await out.flush();
    }
  } catch (err) {
    // A feed cut short: everything read before the break is counted and decided below, then the break is said.
    if (!(err instanceof PartialInputError)) throw err;
    broken = err;
  }
  engine.flush();
  await out.flush();
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  const k = engine.alertsByKind;
  process.stderr.write(
    `detect: ${tally.lines - tally.bad} reports read, ${tally.counted} counted, ${tally.duplicate} duplicates, ` +
      `${tally.late} late, ${tally.quarantined} quarantined for their time, ${tally.bad} bad lines; ` +
      `alerts opened: ${k.surge} surge, ${k.incident} incident, ${k.citywide} citywide, ${k.district} district; ` +
      `${Math.round(tally.lines / seconds)} reports/s in ${seconds.toFixed(1)} s; peak RSS ` +
      `${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`,
  );
  if (broken) reportPartialFailure(broken.message);
  else if (tally.lines === tally.bad)
    reportPartialFailure(
      `no valid report was read from ${flags.input === '-' ? 'stdin' : flags.input} (${tally.bad} bad lines)`,
    );
}
