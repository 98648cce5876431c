// `lizheng engine`: the long-running engine fed by JetStream — the whole city in one process, one
// partition of districts (`--partition k/N`), or the one decider that merges partitions (`--decider`).
import type { Command } from 'commander';
import { Option } from 'commander';
import type { DetectorSet } from '../decide/decider-options.ts';
import { tuneOptions } from '../decide/tune-options.ts';
import { ENRICH_MODES, type EnrichMode } from '../intake/enrich-mode.ts';
import { UsageError } from '../errors.ts';
import { addRawTextDaysFlag, parseRawTextDays } from './raw-text-days-flag.ts';
import { addReportScheduleFlags, parseReportSchedule, type ReportScheduleFlags } from './report-schedule-flags.ts';
import type { Store } from '../store/index.ts';
import { CityClock, MINUTE_MS } from '../time/event-time.ts';
import { applyLimitOverrides, LIMIT_NAMES } from '../stream/limit-overrides.ts';
import { DEFAULT_NATS_URL, TUNING } from '../stream/nats-names.ts';
import { parsePartition } from '../stream/partition-plan.ts';
import type { Role } from '../stream/engine-roles.ts';
import type { RoleLeases } from '../stream/role-lease.ts';
import { collect, parseMaxAhead, parseNumberFlag } from './flags.ts';
import { LOG_LEVELS, createLogger, type LogLevel } from '../log.ts';

interface EngineFlags extends ReportScheduleFlags {
  nats: string;
  profile: string;
  detector?: DetectorSet;
  enrich: EnrichMode;
  set: string[];
  lateness: string;
  maxAhead: string;
  replay: boolean;
  partition?: string;
  decider: boolean;
  healthPort?: string;
  print: boolean;
  reset: boolean;
  limit: string[];
  pullBatch: string;
  maxAckPending: string;
  checkpointEvery: string;
  checkpointMs: string;
  store: boolean;
  storeDir: string;
  storeSchema: string;
  rawTextDays: string;
  waitLease: boolean;
  logLevel: LogLevel;
}

export function register(program: Command): void {
  addRawTextDaysFlag(addReportScheduleFlags(program.command('engine')))
    .description(
      'run the engine on the INTAKE stream: count, decide, publish alerts to ALERTS (Ctrl-C stops it cleanly)',
    )
    .addOption(new Option('--nats <url>', 'NATS server').env('NATS_URL').default(DEFAULT_NATS_URL))
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
        'all tracks same-place incidents, as lizheng detect --enrich all (reports come settled and enriched by ' +
          'lizheng replay, whose --enrich decides the text understanding); missing or none: no incidents',
      )
        .choices([...ENRICH_MODES])
        .default('all'),
    )
    .option(
      '--set <key=value>',
      'override a detector option (repeatable), as in lizheng detect',
      collect,
      [] as string[],
    )
    .option('--lateness <minutes>', 'allowed lateness of a report behind the newest event time', '2')
    .option(
      '--max-ahead <minutes>',
      'a report further ahead of the feed (or, live, of the wall clock) waits for later reports to confirm its time, ' +
        'else goes to intake.dead',
      '15',
    )
    .option(
      '--replay',
      'replay mode: never use the wall clock; stop at the end-of-feed markers of `lizheng replay`',
      false,
    )
    .option(
      '--partition <k/N>',
      'count only the districts of partition k of N (publishes series; run one --decider beside)',
    )
    .option('--decider', 'merge the series of all partitions and decide (the one citywide process)', false)
    .option('--health-port <port>', 'also serve GET /health (consumer lag, checkpoint age) on 127.0.0.1:port')
    .option('--print', 'also print each alert event as NDJSON on stdout, like `lizheng detect`', false)
    .option(
      '--reset',
      "delete this process's durable consumers and checkpoints first (start over from the stream's beginning)",
      false,
    )
    .option('--pull-batch <n>', 'messages asked for per pull request', String(TUNING.pullBatch))
    .option(
      '--max-ack-pending <n>',
      'unacknowledged messages the server lets each consumer hold',
      String(TUNING.maxAckPending),
    )
    .option(
      '--checkpoint-every <n>',
      'checkpoint (then ack) after this many messages',
      String(TUNING.checkpointEveryMessages),
    )
    .option(
      '--checkpoint-ms <ms>',
      '… or after this many milliseconds, whichever comes first (paced: after a capture of c ms, none for 19c ms)',
      String(TUNING.checkpointEveryMs),
    )
    .option(
      '--store',
      'whole city only: store reports, closed minutes and alerts (DATABASE_URL, else embedded in --store-dir); warm ' +
        'start without a checkpoint',
      false,
    )
    .option('--store-dir <dir>', 'embedded database directory when DATABASE_URL is not set', './data/pg')
    .option('--store-schema <name>', 'database schema of the store', 'lizheng')
    .addOption(
      new Option(
        '--log-level <level>',
        'least severe log entry written to stderr (JSON lines, or one readable line each on a terminal)',
      )
        .choices([...LOG_LEVELS])
        .env('LOG_LEVEL')
        .default('info'),
    )
    .option(
      '--wait-lease',
      'when another process runs this role, wait until its lease is released or expires, then take over (default: ' +
        'refuse, exit 2)',
      false,
    )
    .option('--limit <name=value>', `override a stream limit (repeatable): ${LIMIT_NAMES.join(', ')}`, collect, [])
    .addHelpText(
      'after',
      `
Modes:
  lizheng engine                      the whole city in one process (consumer engine-all on intake.*.*)
  lizheng engine --partition 0/2      districts hashing to 0 of 2 (one consumer per district, count-<district>)
  lizheng engine --decider            merges series.*._merge of all partitions and decides (consumer decide)
Partitioned or not, the same alerts are raised. State is checkpointed to the KV bucket lizheng_checkpoints
and input is acknowledged only after it; a restarted engine resumes where its checkpoint stands.
Checkpoints are paced: capturing state takes at most 5 % of the time, in live mode none starts in the
second before a minute closes, and one is forced once half of --max-ack-pending waits for its ack
or a quarter of the consumer's ack_wait has passed.
Readiness (lag, checkpoint age) is written to the KV bucket lizheng_health every 5 s.
With --store (whole-city engine only, not --partition or --decider) input is acknowledged only after the
rows it produced are committed; started without a checkpoint, the engine first learns the store's last
4 weeks of hourly counts (warm start; skipped with --replay, whose event time is unknown at start-up).

Example (compare with lizheng detect on the same file):
  lizheng replay --input data/week/feed.ndjson
  lizheng engine --replay --print > alerts.ndjson`,
    )
    .action((flags: EngineFlags) => run(flags));
}

function roleOf(flags: EngineFlags): Role {
  if (flags.partition !== undefined && flags.decider)
    throw new UsageError('--partition and --decider are different processes: give one of them');
  if (flags.store && (flags.partition !== undefined || flags.decider))
    throw new UsageError('--store: only the whole-city engine stores (not --partition or --decider)');
  if (flags.partition !== undefined) return { kind: 'partition', plan: parsePartition(flags.partition) };
  return flags.decider ? { kind: 'decider' } : { kind: 'whole' };
}

async function run(flags: EngineFlags): Promise<void> {
  // Loaded here, not on import: `lizheng --help` must not load NATS, PostgreSQL or prom-client.
  const [{ loadProfile }, { openStore }, { closeRuntime, openRuntime }, { acquireRoleLeases, resetRole, startRole }] =
    await Promise.all([
      import('../profile/city-profile.ts'),
      import('../store/index.ts'),
      import('../stream/pipeline-runtime.ts'),
      import('../stream/engine-roles.ts'),
    ]);
  const role = roleOf(flags);
  const reportAt = flags.store ? parseReportSchedule(flags) : null;
  const latenessMs = parseNumberFlag('--lateness', flags.lateness, { min: 0 }) * MINUTE_MS;
  const gate = parseMaxAhead(flags.maxAhead);
  const healthPort =
    flags.healthPort === undefined
      ? undefined
      : parseNumberFlag('--health-port', flags.healthPort, { min: 1, max: 65535, integer: true });
  const limits = applyLimitOverrides(flags.limit);
  const tuning = {
    pullBatch: parseNumberFlag('--pull-batch', flags.pullBatch, { min: 1, integer: true }),
    maxAckPending: parseNumberFlag('--max-ack-pending', flags.maxAckPending, { min: 1, integer: true }),
    checkpointEveryMessages: parseNumberFlag('--checkpoint-every', flags.checkpointEvery, { min: 1, integer: true }),
    checkpointEveryMs: parseNumberFlag('--checkpoint-ms', flags.checkpointMs, { min: 10, integer: true }),
  };
  const ackWaitMs = Math.max(TUNING.ackWaitMs, 4 * tuning.checkpointEveryMs);
  const profile = loadProfile(flags.profile);
  const clock = new CityClock(profile.timezone);
  // Signals are caught from the start: one that arrives while the engine is still starting stops it
  // as soon as it has started, through the same graceful path (checkpoint, ack, exit 0).
  let service: Awaited<ReturnType<typeof startRole>> | undefined;
  let reports: { stop(): Promise<void> } | undefined;
  let stopRequested: string | null = null;
  const onSignal = (signal: string) => {
    // No new report once stopping: the store has the engine's last writes to take first.
    void reports?.stop();
    if (service) void service.stop(`${signal} received`);
    else stopRequested = signal;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const rt = await openRuntime({
    url: flags.nats,
    name: `lizheng-engine-${role.kind}`,
    limits,
    log: await createLogger(flags.logLevel),
  });
  let leases: RoleLeases | undefined;
  let store: Store | undefined;
  try {
    // One process per role: refuse (or wait) before touching its consumers or checkpoints.
    leases = await acquireRoleLeases(rt, role, profile, {
      wait: flags.waitLease,
      cancelled: () => stopRequested !== null,
    });
    if (flags.store)
      store = await openStore({
        timezone: profile.timezone,
        dataDir: flags.storeDir,
        schema: flags.storeSchema,
        retention: { rawTextDays: parseRawTextDays(flags.rawTextDays) },
        log: (line) => rt.log.info(line),
      });
    if (store && reportAt !== null) {
      const { startMorningReports } = await import('../report/morning-report-service.ts');
      reports = startMorningReports(store, profile, {
        at: reportAt,
        clock: flags.replay ? 'event' : 'wall',
        log: rt.log,
      });
    }
    if (flags.reset) await resetRole(rt, role, profile);
    service = await startRole(rt, role, {
      profile,
      clock,
      trackIncidents: flags.enrich === 'all',
      latenessMs,
      gate,
      decider: tuneOptions(flags.set, flags.detector ? { detector: flags.detector } : {}),
      replay: flags.replay,
      healthPort,
      tuning: { ...tuning, ackWaitMs },
      store,
      lease: leases,
      onAlert: flags.print ? (e) => process.stdout.write(`${JSON.stringify(e)}\n`) : undefined,
    });
    if (stopRequested) void service.stop(`${stopRequested} received`);
    await service.finished();
    // The command's result, as `lizheng detect` prints its own: a plain line whatever the log format.
    process.stderr.write(`${service.summary()}\n`);
  } finally {
    await reports?.stop();
    await store?.close();
    await leases?.release();
    await closeRuntime(rt);
  }
}
