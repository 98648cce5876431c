// `lizheng generate`: writes a realistic synthetic intake feed with injected surges and decoys, plus its truth.
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { isCalendarDate } from '../generate/feed-calendar.ts';
import { SURGE_KINDS } from '../generate/truth.ts';
import { parseNumberFlag } from './flags.ts';
import { progressBar } from './progress-bar.ts';

interface GenerateFlags {
  days: string;
  seed: string;
  out: string;
  start: string;
  profile: string;
  surges: boolean;
  progress: boolean;
}

export function register(program: Command): void {
  program
    .command('generate')
    .description(
      'write a synthetic intake feed (DIR/feed.ndjson) with injected surges and decoys, and its ground truth ' +
        '(DIR/truth.json)',
    )
    .requiredOption('-n, --days <n>', 'number of days to generate')
    .requiredOption('-s, --seed <seed>', 'random seed: the same seed gives byte-identical files')
    .requiredOption('-o, --out <dir>', 'output directory (created if missing)')
    .option('--start <YYYY-MM-DD>', 'first local day of the feed', '2026-01-05')
    .option('-p, --profile <name|file>', 'city profile: built-in name or JSON file', 'chengdu')
    .option('--no-surges', 'everyday reports only: no surges, no decoys')
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText(
      'after',
      `
What is in the feed: about the profile's dailyVolume reports a weekday (fewer on weekends), shaped by
hour of day, district weight and topic share, with day-to-day swings beyond Poisson; repeat callers;
Chinese texts naming places; ~20% text-only reports (no district/topic); arrival up to 90 s out of order.
Injected after a 28-day warm-up (after day 1 for feeds under 35 days), 1–2 a day:
  incident        15–60 people in 1–3 h about one place
  small_incident  6–10 people in 30–90 min in a cell that sees under one report an hour
  slow_burn       one cell at 2–4× its rate for 12–16 h
  citywide        one topic at 2–3× in every district for 6–12 h (a policy announcement)
Decoys that must not alert: repeat_caller (one person calling 20 times in 2 h), morning_peak windows.

Example:
  lizheng generate --days 42 --seed 7 --out data/six-weeks
  lizheng detect --input data/six-weeks/feed.ndjson > data/six-weeks/alerts.ndjson
  lizheng score --truth data/six-weeks/truth.json --alerts data/six-weeks/alerts.ndjson`,
    )
    .action((flags: GenerateFlags) => generate(flags));
}

async function generate(flags: GenerateFlags): Promise<void> {
  // Loaded here, not on import: `lizheng --help` need not load the generator.
  const [{ SyntheticFeed }, { writeFeed }, { loadProfile }] = await Promise.all([
    import('../generate/synthetic-feed.ts'),
    import('../generate/write-feed.ts'),
    import('../profile/city-profile.ts'),
  ]);
  const days = parseNumberFlag('--days', flags.days, { min: 1, max: 3660, integer: true });
  if (flags.seed.trim() === '') throw new UsageError('--seed must not be empty');
  if (!isCalendarDate(flags.start))
    throw new UsageError(`--start must be a date YYYY-MM-DD (got ${JSON.stringify(flags.start)})`);
  const profile = loadProfile(flags.profile);
  const feed = new SyntheticFeed({ profile, seed: flags.seed, days, start: flags.start, surges: flags.surges });
  const bar = progressBar('generate', days, 'days', flags.progress);
  const started = performance.now();
  const summary = await writeFeed(feed, flags.out, (done, _total, reports) =>
    bar.update(done, { rate: `${reports} reports` }),
  );
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  const kinds = SURGE_KINDS.map((k) => `${k} ${summary.surges[k]}`).join(', ');
  const surges = SURGE_KINDS.reduce((s, k) => s + summary.surges[k], 0);
  process.stderr.write(
    `generate: ${summary.reports} reports over ${days} days (${profile.data.city} ${profile.data.code}), ` +
      `${surges} surges (${kinds}), ${summary.decoys} decoys; wrote ${summary.feedPath} and ${summary.truthPath} in ` +
      `${seconds.toFixed(1)} s\n`,
  );
}
