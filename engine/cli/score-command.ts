// `lizheng score`: compares the alert stream of `lizheng detect` with the truth of `lizheng generate`.
import type { Command } from 'commander';
import { ProfileError, UsageError } from '../errors.ts';
import { loadProfile, type Profile } from '../profile/city-profile.ts';
import { parseNumberFlag } from './flags.ts';

interface ScoreFlags {
  truth: string;
  alerts: string;
  warmupDays: string;
  profile?: string;
  json: boolean;
}

export function register(program: Command): void {
  program
    .command('score')
    .description(
      "score a detector's alert stream against the truth of a generated feed: recall by kind, false alarms, decoys, " +
        'delays',
    )
    .requiredOption('-t, --truth <file>', 'truth.json written by lizheng generate')
    .requiredOption('-a, --alerts <file>', 'alert stream of lizheng detect (NDJSON, .gz or - for stdin)')
    .option('-w, --warmup-days <n>', 'ignore alerts and surges in the first N days (the baseline is learning)', '28')
    .option('-p, --profile <name|file>', "city profile for labels (default: the truth's profile)")
    .option('--json', 'print the score as JSON instead of a table')
    .addHelpText(
      'after',
      `
Only alert.opened events count. A district surge (incident, small_incident, slow_burn) is detected by a
surge or incident alert of its district and topic opened between its start and 60 min after its end;
a citywide surge by a citywide alert of its topic in that window. District alerts on that topic during a
citywide surge are counted as citywide spill, not as detections or false alarms. Every other alert is a
false alarm; one in a repeat caller's cell and window is also a decoy hit.

Example:
  lizheng score --truth data/six-weeks/truth.json --alerts data/six-weeks/alerts.ndjson`,
    )
    .action((flags: ScoreFlags) => score(flags));
}

async function score(flags: ScoreFlags): Promise<void> {
  // Loaded here, not on import: `lizheng --help` need not load the scorer.
  const [{ scoreAlerts }, { readOpenedAlerts, readTruth }, { formatScore }] = await Promise.all([
    import('../score/score-alerts.ts'),
    import('../score/score-inputs.ts'),
    import('../score/score-table.ts'),
  ]);
  const warmupDays = parseNumberFlag('--warmup-days', flags.warmupDays, { min: 0 });
  const truth = await readTruth(flags.truth);
  if (warmupDays >= truth.days) {
    throw new UsageError(`--warmup-days ${warmupDays} leaves nothing to score: the truth covers ${truth.days} days`);
  }
  const read = await readOpenedAlerts(flags.alerts, (message) => process.stderr.write(`${flags.alerts}: ${message}\n`));
  const result = scoreAlerts(truth, read.opened, { warmupDays });
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ ...result, input: { alertEvents: read.events, badLines: read.bad } }, null, 2)}\n`,
    );
    return;
  }
  process.stdout.write(formatScore(result, labels(flags.profile ?? truth.profile, flags.profile !== undefined)));
  if (read.bad > 0) process.stderr.write(`score: skipped ${read.bad} bad lines of ${flags.alerts}\n`);
}

/** The profile for Chinese labels; an unknown default profile only costs the labels, an explicit one is an error. */
function labels(nameOrFile: string, explicit: boolean): Profile | null {
  try {
    return loadProfile(nameOrFile);
  } catch (err) {
    if (explicit || !(err instanceof ProfileError)) throw err;
    return null;
  }
}
