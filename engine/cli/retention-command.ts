// `lizheng retention`: forget citizens' raw texts past their age now, or say what would go (`--dry-run`) — the same
// job the engine runs hourly, for an operator who wants to see it, run it after changing the age, or run it while the
// engine is down.
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { DAY_MS } from '../time/event-time.ts';
import { addRawTextDaysFlag, parseRawTextDays } from './raw-text-days-flag.ts';

interface RetentionFlags {
  dryRun: boolean;
  rawTextDays: string;
  storeDir: string;
  storeSchema: string;
  json: boolean;
  now?: string;
}

export function register(program: Command): void {
  addRawTextDaysFlag(program.command('retention'))
    .description('empty the raw texts, payloads and street addresses of reports past their age; aggregates stay')
    .option('--dry-run', 'only say what would go', false)
    .option('--store-dir <dir>', 'embedded database directory when DATABASE_URL is not set', './data/pg')
    .option('--store-schema <name>', 'database schema of the store', 'lizheng')
    .option('--now <time>', 'count the age from this ISO time instead of the clock (a replayed feed)')
    .option('--json', 'print the plan and the outcome as one JSON object', false)
    .addHelpText(
      'after',
      `
What goes: each report's raw text, its payload as received (raw) and the street address of its location.
What stays: the row — time, channel, district, topic, hashed caller, incident, redacted text — so counts of
reports and of distinct people, the minute series, the morning report's figures and the open data read the
same before and after. Running it again changes nothing. The engine does the same hourly with its own
--raw-text-days; this command is for seeing the plan, or applying a new age at once.

Examples:
  lizheng retention --dry-run
  lizheng retention --raw-text-days 365`,
    )
    .action((flags: RetentionFlags) => retention(flags));
}

async function retention(flags: RetentionFlags): Promise<void> {
  const days = parseRawTextDays(flags.rawTextDays);
  if (days === null) throw new UsageError('--raw-text-days: give a number of days (with never there is nothing to do)');
  const now = flags.now === undefined ? Date.now() : Date.parse(flags.now);
  if (Number.isNaN(now)) throw new UsageError(`--now: expected an ISO time, got "${flags.now}"`);
  const [{ openStore }, { forgetRawTexts, planRawTextRetention }] = await Promise.all([
    import('../store/index.ts'),
    import('../store/raw-text-retention.ts'),
  ]);
  const store = await openStore({
    dataDir: flags.storeDir,
    schema: flags.storeSchema,
    maintainEveryMs: null,
    log: () => {},
  });
  try {
    const before = now - days * DAY_MS;
    const plan = await planRawTextRetention(store.sql, before);
    const forgotten = flags.dryRun ? 0 : await store.sql.withSession((s) => forgetRawTexts(s, before));
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ dryRun: flags.dryRun, rawTextDays: days, ...plan, forgotten })}\n`);
      return;
    }
    const where = store.describe;
    if (plan.reports === 0) {
      process.stdout.write(`retention: no raw text older than ${days} days (before ${plan.before}) in ${where}\n`);
      return;
    }
    const months = plan.months.map((m) => `  ${m.month}  ${m.reports.toLocaleString('en-US')}`).join('\n');
    const verb = flags.dryRun ? 'would empty' : 'emptied';
    const count = flags.dryRun ? plan.reports : forgotten;
    process.stdout.write(
      `retention: ${verb} the raw text, payload and street address of ${count.toLocaleString('en-US')} reports ` +
        `received before ${plan.before} (${days} days) in ${where}; rows, redacted texts and aggregates stay\n` +
        `  month    reports\n${months}\n`,
    );
  } finally {
    await store.close();
  }
}
