// `lizheng replay`: validates a historical feed and publishes it to the INTAKE stream with each report's
// original event time, at N× real time or as fast as the server acks; bad lines are reported and skipped.
import type { Command } from 'commander';
import { Option } from 'commander';
import { ENRICH_MODES, type EnrichMode } from '../intake/enrich-mode.ts';
import { CityClock } from '../time/event-time.ts';
import type { PublishedKind } from '../stream/feed-replayer.ts';
import { applyLimitOverrides, LIMIT_NAMES } from '../stream/limit-overrides.ts';
import { DEFAULT_NATS_URL } from '../stream/nats-names.ts';
import { collect, parseMaxAhead, parseNumberFlag } from './flags.ts';
import { progressBar } from './progress-bar.ts';
import { addCallerKeyFlag, type CallerKeyFlags } from './caller-key-flag.ts';
import { loadCallerKey } from '../privacy/caller-key.ts';
import { reportPartialFailure } from './exit-codes.ts';
import { PartialInputError } from '../errors.ts';

interface ReplayFlags extends CallerKeyFlags {
  input: string;
  speed: string;
  maxAhead: string;
  nats: string;
  profile: string;
  enrich: EnrichMode;
  limit: string[];
  progress: boolean;
  localTimes?: boolean;
}

export function register(program: Command): void {
  addCallerKeyFlag(program.command('replay'))
    .description('publish a historical intake feed (NDJSON) to the INTAKE stream with its original event times')
    .requiredOption('-i, --input <file>', 'intake feed: NDJSON file, .ndjson.gz, or - for stdin')
    .option(
      '-s, --speed <N|max>',
      'event-time speed-up: 60 plays an hour a minute; max publishes as fast as the server acks',
      'max',
    )
    .option(
      '--max-ahead <minutes>',
      'a report further ahead of the feed waits for later reports to confirm its time, else is rejected',
      '15',
    )
    .addOption(new Option('--nats <url>', 'NATS server').env('NATS_URL').default(DEFAULT_NATS_URL))
    .option('-p, --profile <name|file>', 'city profile: built-in name or JSON file', 'chengdu')
    .addOption(
      new Option(
        '--enrich <mode>',
        'text understanding before choosing the subject, as in lizheng detect: all, missing or none',
      )
        .choices([...ENRICH_MODES])
        .default('all'),
    )
    .option('--limit <name=value>', `override a stream limit (repeatable): ${LIMIT_NAMES.join(', ')}`, collect, [])
    .option(
      '--local-times',
      "read a receivedAt without a UTC offset in the profile's timezone and publish it with that offset (by default " +
        'such a line is bad)',
    )
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText(
      'after',
      `
Each valid report is settled and enriched once, as lizheng detect would (--enrich), and goes as a settled
report (schemas/settled-report.ts, the report as received inside: the engine never reads its text again) to
intake.<district>.<topic> (unknown where not settled) with Nats-Msg-Id = its id,
so replaying a feed twice within the duplicate window stores it once. Silent districts get clock markers
and every district an end-of-feed marker, which \`lizheng engine --replay\` waits for.
Bad lines are reported on stderr with line number and reason, and not published: over 1 MiB, not JSON, a
field of the wrong type, an impossible time or one without a UTC offset (unless --local-times); input echoed
on stderr is escaped and cut to 120 characters.
Stdout: one summary line.
Exit: 0 the feed was read and published (bad lines are reported, counted and skipped);
      1 partial: reading broke off mid-file (what was read is published and the feed ended with its
        end markers, then the error), or no valid report was read at all;
      2 the input cannot be opened, a flag is wrong, or NATS cannot be reached.

Example:
  lizheng generate --days 7 --seed 1 --out data/week
  lizheng replay --input data/week/feed.ndjson --speed max
  lizheng engine --replay --print > alerts-from-nats.ndjson   # the alerts lizheng detect prints for the feed`,
    )
    .action((flags: ReplayFlags) => replay(flags));
}

function parseSpeed(text: string): number {
  if (text === 'max') return Infinity;
  return parseNumberFlag('--speed', text, { positive: true, words: ['max'] });
}

async function replay(flags: ReplayFlags): Promise<void> {
  // Loaded here, not on import: `lizheng --help` must not load NATS, jieba or the topic model.
  const [
    { INTAKE_BATCH, Intake },
    { openNdjson },
    { loadProfile },
    { FeedReplayer },
    { connectNats },
    { PipelinedPublisher },
    { ensureStreams },
  ] = await Promise.all([
    import('../intake/intake.ts'),
    import('../intake/read-ndjson.ts'),
    import('../profile/city-profile.ts'),
    import('../stream/feed-replayer.ts'),
    import('../stream/nats-connection.ts'),
    import('../stream/pipelined-publisher.ts'),
    import('../stream/stream-setup.ts'),
  ]);
  const speed = parseSpeed(flags.speed);
  const gate = parseMaxAhead(flags.maxAhead);
  const limits = applyLimitOverrides(flags.limit);
  const profile = loadProfile(flags.profile);
  const callerKey = loadCallerKey(flags.callerKey).key;
  const clock = new CityClock(profile.timezone);
  const input = await openNdjson(flags.input);
  const nats = await connectNats(flags.nats, 'lizheng-replay');
  const acks = { published: 0, duplicates: 0 };
  const publisher = new PipelinedPublisher(nats.nc, {
    onAck: (ack, tag) => {
      if ((tag as PublishedKind) === 'report') acks[ack.duplicate ? 'duplicates' : 'published']++;
    },
  });
  try {
    await ensureStreams(nats.jsm, limits);
    const bar = progressBar('replay', input.size ?? 0, 'bytes', flags.progress);
    const started = performance.now();
    const rate = (n: number) => `${Math.round(n / Math.max(1e-3, (performance.now() - started) / 1000))} reports/s`;
    const replayer = new FeedReplayer(
      publisher,
      new Intake(profile, clock, flags.enrich, { localTimes: flags.localTimes === true, callerKey }),
      {
        speed,
        maxPayloadBytes: nats.nc.info?.max_payload,
        gate,
        onReject: (message) => process.stderr.write(`${message}\n`),
        onProgress: (n) => bar.update(input.bytesRead, { rate: rate(n) }),
      },
    );
    let broken: PartialInputError | null = null;
    const tally = await replayer.run(input.batches(INTAKE_BATCH)).catch((err: unknown) => {
      if (!(err instanceof PartialInputError)) throw err;
      broken = err;
      return replayer.tally;
    });
    bar.stop();
    const seconds = (performance.now() - started) / 1000;
    const bad = tally.rejected - tally.quarantined;
    process.stdout.write(
      `replay: ${acks.published} published, ${acks.duplicates} duplicates, ${tally.rejected} rejected ` +
        `(${tally.quarantined} for their time) (${tally.lines - bad} reports read, ${bad} bad lines, ` +
        `${tally.markers} clock/end markers, ${publisher.stats.retries} resends) in ${seconds.toFixed(1)} s, ` +
        `${rate(tally.reports)}\n`,
    );
    if (broken) reportPartialFailure((broken as PartialInputError).message);
    else if (tally.lines === bad)
      reportPartialFailure(`no valid report was read from ${input.path} (${bad} bad lines)`);
  } finally {
    publisher.close();
    await nats.nc.drain().catch(() => nats.nc.close());
  }
}
