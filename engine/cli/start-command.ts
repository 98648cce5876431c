// `lizheng start`: the whole platform in one process on embedded defaults — NATS (joined, or a child nats-server),
// the store (PostgreSQL, or PGlite in the data directory), the whole-city engine writing to it, and the gateway —
// so `npm start` on a fresh clone is a running platform; `--demo` adds a generated city playing live.
import { addGatewayLimitFlags, parseGatewayLimits, type GatewayLimitFlags } from './gateway-flags.ts';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { AlertEvent } from '../../schemas/alert-event.ts';
import { UsageError } from '../errors.ts';
import { CALLER_KEY_FILE, loadCallerKey } from '../privacy/caller-key.ts';
import { LOG_LEVELS, createLogger, type LogLevel } from '../log.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { LoadedAccess } from '../../gateway/access-tokens.ts';
import { DEFAULT_NATS_URL } from '../stream/nats-names.ts';
import { CityClock, MINUTE_MS } from '../time/event-time.ts';
import { parseMaxAhead, parseNumberFlag } from './flags.ts';
import { listen } from './listen.ts';
import { addRawTextDaysFlag, parseRawTextDays } from './raw-text-days-flag.ts';
import { addReportScheduleFlags, parseReportSchedule, type ReportScheduleFlags } from './report-schedule-flags.ts';

interface StartFlags extends GatewayLimitFlags, ReportScheduleFlags {
  nats: string;
  host: string;
  port: string;
  dataDir: string;
  profile: string;
  rawTextDays: string;
  demo: boolean;
  speed: string;
  seed: string;
  progress: boolean;
  logLevel: LogLevel;
}

/** The access file inside a data directory (tokens and API keys, mode 0600). */
const ACCESS_FILE = 'access.json';

export function register(program: Command): void {
  addRawTextDaysFlag(addReportScheduleFlags(addGatewayLimitFlags(program.command('start'))))
    .description('run the whole platform in one process: NATS, the store, the engine and the gateway (Ctrl-C stops)')
    .addOption(
      new Option(
        '--nats <url>',
        'NATS server to join; when nothing answers there and it is on this machine, a nats-server -js is started on ' +
          'its port with its store in DATA-DIR/nats',
      )
        .env('NATS_URL')
        .default(DEFAULT_NATS_URL),
    )
    .option('--host <address>', 'address the gateway listens on', '127.0.0.1')
    .option('--port <port>', 'port the gateway listens on', '8080')
    .option('--data-dir <dir>', 'embedded database (DIR/pg), child NATS store (DIR/nats), access tokens', './data')
    .option('-p, --profile <name|file>', 'city profile: built-in name or JSON file', 'chengdu')
    .option(
      '--demo',
      'play a generated city: 4 weeks of history at full speed, then a week live with injected surges, in ' +
        'DATA-DIR/demo on its own nats-server (started afresh each time)',
      false,
    )
    .option('--speed <N>', 'with --demo: event-time speed-up of live play (60 plays an hour a minute)', '60')
    .option('--seed <seed>', 'with --demo: random seed of the generated city', '7')
    .option('--no-progress', 'no progress bars on stderr')
    .addOption(
      new Option('--log-level <level>', 'least severe log entry written to stderr (engine and gateway requests)')
        .choices([...LOG_LEVELS])
        .env('LOG_LEVEL')
        .default('info'),
    )
    .addHelpText(
      'after',
      `
What runs:
  NATS      joins --nats / NATS_URL (default 127.0.0.1:4222) when a server answers there; else starts
            nats-server -js as a child process (installing Debian's package with apt-get when it can, else
            saying how), stopped again on exit
  store     PostgreSQL at DATABASE_URL, else embedded PGlite in DATA-DIR/pg (one process may own it)
  engine    the whole city, as lizheng engine --store: checkpoints in NATS, reports and alerts in the store
  gateway   REST API, OpenAPI at /docs, /health /ready /metrics, on http://HOST:PORT
  reports   each day's morning report at --report-at (00:05 local; the feed's time in --demo), archived in
            the store and served at /reports/YYYY-MM-DD(.html|.pdf|.json)
Access tokens: LIZHENG_ACCESS (JSON) when set, else DATA-DIR/access.json; on the first start that file is
generated (mode 0600) and its tokens printed; later starts say where it is.
Ctrl-C or SIGTERM: the gateway closes, the engine takes its checkpoint, the child nats-server stops, the
database closes; exit 0.
--demo never touches a deployment's data: it uses DATA-DIR/demo (its own tokens) with a nats-server of its
own on a free port and embedded PGlite, both wiped at each demo start (NATS_URL, DATABASE_URL and
LIZHENG_ACCESS are not used). "Now" in the API is the engine's event time there; the first live alerts
arrive within about two minutes.

Examples:
  lizheng start                                  # http://127.0.0.1:8080, data in ./data
  lizheng start --demo --speed 120               # a demo city, live at two hours a minute
  DATABASE_URL=postgres://lizheng@db/lizheng NATS_URL=nats://10.0.0.5:4222 lizheng start --host 0.0.0.0`,
    )
    .action((flags: StartFlags, command: Command) => start(flags, command));
}

/** Resources opened in order and closed in reverse, each closed even when another fails to. */
class Resources {
  private readonly closers: Array<{ what: string; close: () => Promise<unknown> }> = [];
  add(what: string, close: () => Promise<unknown>): void {
    this.closers.push({ what, close });
  }
  /** Close everything; returns the first failure (after trying the rest), or null. */
  async closeAll(say: (line: string) => void): Promise<Error | null> {
    let first: Error | null = null;
    for (const { what, close } of this.closers.reverse()) {
      try {
        await close();
      } catch (err) {
        say(`closing ${what} failed: ${(err as Error).message}`);
        first ??= err as Error;
      }
    }
    return first;
  }
}

async function start(flags: StartFlags, command: Command): Promise<void> {
  const demoOnly = ['speed', 'seed'].filter((name) => command.getOptionValueSource(name) === 'cli');
  if (!flags.demo && demoOnly.length > 0)
    throw new UsageError(`${demoOnly.map((name) => `--${name}`).join(' and ')}: only with --demo`);
  const port = parseNumberFlag('--port', flags.port, { min: 0, max: 65535, integer: true });
  const limits = parseGatewayLimits(flags);
  if (flags.host.trim() === '') throw new UsageError('--host must not be empty');
  // Read only for a demo: a config file's top-level `speed` (replay's "max") must not stop a plain start.
  const speed = flags.demo ? parseNumberFlag('--speed', flags.speed, { positive: true }) : 0;
  if (flags.demo && flags.seed.trim() === '') throw new UsageError('--seed must not be empty');
  // Loaded here, not on import: `lizheng --help` must not load NATS, PostgreSQL, Fastify or the text models.
  const [
    { loadProfile },
    { loadAccess },
    { openStore },
    { closeRuntime, openRuntime },
    { acquireRoleLeases, startRole },
    { connectNats },
    { openGateway },
    { freePort, joinOrStartNats, NatsChildServer },
    { lockDataDir },
    { tuneOptions },
    { playDemoFeed },
    { StreamError },
    { startMorningReports },
  ] = await Promise.all([
    import('../profile/city-profile.ts'),
    import('../../gateway/access-tokens.ts'),
    import('../store/index.ts'),
    import('../stream/pipeline-runtime.ts'),
    import('../stream/engine-roles.ts'),
    import('../stream/nats-connection.ts'),
    import('../../gateway/open-gateway.ts'),
    import('../stream/nats-child-server.ts'),
    import('../store/data-dir-lock.ts'),
    import('../decide/tune-options.ts'),
    import('./start-demo.ts'),
    import('../stream/stream-errors.ts'),
    import('../report/morning-report-service.ts'),
  ]);
  const say = (line: string) => process.stderr.write(`start: ${line}\n`);
  const reportAt = parseReportSchedule(flags);
  const rawTextDays = parseRawTextDays(flags.rawTextDays);
  const profile = loadProfile(flags.profile);
  const dataDir = flags.demo ? join(flags.dataDir, 'demo') : flags.dataDir;
  // The demo's tokens are its own: a deployment's LIZHENG_ACCESS must not open a demo.
  const accessFile = join(dataDir, ACCESS_FILE);
  const accessEnv = flags.demo ? {} : process.env;
  // Given tokens are checked before anything starts; new ones are generated only once the rest is up (below).
  if (accessEnv.LIZHENG_ACCESS || existsSync(accessFile)) loadAccess(accessFile, { generate: false, env: accessEnv });
  const log = await createLogger(flags.logLevel);

  // Signals are caught from the start: one during start-up stops it at the next step, through the same closing.
  let stopRequested: string | null = null;
  let wake: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (wake = resolve));
  const onSignal = (signal: string) => {
    stopRequested = signal;
    wake();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const resources = new Resources();
  const never = new Promise<never>(() => {});
  let failure: unknown = null;
  try {
    let natsUrl: string;
    let natsNote: string;
    let childLost: Promise<unknown> = never;
    const natsConnections: NatsConnection[] = [];
    if (flags.demo) {
      // The demo's streams and tables are its own and start empty: nothing mixes with a deployment's data.
      const unlock = lockDataDir(dataDir);
      resources.add('the demo directory lock', async () => unlock());
      for (const part of ['nats', 'pg']) rmSync(join(dataDir, part), { recursive: true, force: true });
      const child = await NatsChildServer.start({
        host: '127.0.0.1',
        port: await freePort(),
        storeDir: join(dataDir, 'nats'),
        say,
      });
      resources.add('the demo nats-server', () => child.stop());
      childLost = child.lost;
      natsUrl = child.url;
      natsNote = `${natsUrl} (the demo's own nats-server, store ${join(dataDir, 'nats')})`;
    } else {
      const nats = await joinOrStartNats(flags.nats, join(dataDir, 'nats'), say);
      const child = nats.child;
      if (child) {
        resources.add('the child nats-server', () => child.stop());
        childLost = child.lost;
      }
      natsUrl = nats.url;
      natsNote = child
        ? `${natsUrl} (a nats-server started for this run, store ${join(dataDir, 'nats')}, log ${child.logFile})`
        : `${natsUrl} (joined)`;
    }
    if (stopRequested) return;
    // The gateway and the demo's feed hash callers with one key, kept beside the data it protects.
    const callerKey = loadCallerKey(join(dataDir, CALLER_KEY_FILE));
    log.info(
      { callerKey: callerKey.source },
      `caller ids are hashed with the key in ${join(dataDir, CALLER_KEY_FILE)}`,
    );

    // Its server gone, every NATS call would wait out reconnect attempts and timeouts (half a minute of checkpoint
    // and lease retries): the connections are closed at once, so the closing below fails fast and says so.
    void childLost.then(() => {
      say('the nats-server is gone: the engine keeps its last checkpoint, and the next start resumes from it');
      for (const nc of natsConnections) void nc.close();
    });
    const rt = await openRuntime({ url: natsUrl, name: 'lizheng-start-engine', log });
    natsConnections.push(rt.nats.nc, rt.control.nc);
    resources.add('the engine NATS connections', () => closeRuntime(rt));
    const leases = await acquireRoleLeases(rt, { kind: 'whole' }, profile, {
      wait: false,
      cancelled: () => stopRequested !== null,
    });
    resources.add('the engine lease', () => leases.release());
    const store = await openStore({
      timezone: profile.timezone,
      databaseUrl: flags.demo ? null : undefined,
      dataDir: join(dataDir, 'pg'),
      retention: { rawTextDays },
      log: (line) => log.info(line),
    });
    resources.add('the store', () => store.close());
    if (stopRequested) return;
    // A demo's reports start with live play: its weeks of history pass in seconds, and the embedded store they
    // are written to has enough to do then.
    let reports: { stop(): Promise<void> } | null = null;
    const scheduleReports = () => {
      if (reportAt === null || reports) return;
      reports = startMorningReports(store, profile, { at: reportAt, clock: flags.demo ? 'event' : 'wall', log });
    };

    const clock = new CityClock(profile.timezone);
    const service = await startRole(
      rt,
      { kind: 'whole' },
      {
        profile,
        clock,
        trackIncidents: true,
        latenessMs: 2 * MINUTE_MS,
        gate: parseMaxAhead('15'),
        decider: tuneOptions([]), // the profile's detector settings, as the engine command reads them
        // The demo's event time runs ahead of the wall clock: the engine must never read the wall clock there.
        replay: flags.demo,
        store,
        lease: leases,
        onAlert: flags.demo ? (event) => sayAlert(event, profile, clock, say) : undefined,
      },
    );
    resources.add('the engine (checkpoint)', async () => {
      // After a burst (a demo's history) the store and the checkpoint can take a while under load: say so.
      say('stopping the engine: what is in flight is stored, then its checkpoint is taken');
      await service.stop(`${stopRequested ?? 'stop'} received`);
      process.stderr.write(`${service.summary()}\n`);
    });
    // Closed before the engine: no new report while the engine's last writes go to the store.
    resources.add('the morning-report schedule', async () => reports?.stop());
    if (!flags.demo) scheduleReports();
    // Settled here at once, so a failure before the wait below is never an unhandled rejection.
    const engineEnded = service.finished().then(
      () => null,
      (err: unknown) => err,
    );

    const access = loadAccess(accessFile, { generate: true, env: accessEnv });
    let printed = false;
    // Tokens generated by a start that then failed were never shown: the next start generates and prints new ones.
    if (access.generated) resources.add('the unshown tokens', async () => printed || rmSync(accessFile));
    const gatewayNats = await connectNats(natsUrl, 'lizheng-gateway');
    natsConnections.push(gatewayNats.nc);
    resources.add('the gateway NATS connection', () => gatewayNats.nc.drain().catch(() => gatewayNats.nc.close()));
    const gateway = await openGateway(
      {
        profile,
        nats: gatewayNats,
        store,
        access: access.tokens,
        callerKey: callerKey.key,
        limits,
        clock: flags.demo ? 'event' : 'wall',
      },
      { logger: log, version: command.parent?.version() ?? '0.0.0' },
    );
    resources.add('the gateway', () => gateway.close());
    const address = await listen(gateway.app, flags.host, port);
    if (stopRequested) return;
    process.stdout.write(banner({ address, natsNote, store: store.describe, access, profile, demo: flags.demo }));
    printed = true;

    let demo: Promise<void> = Promise.resolve();
    if (flags.demo) {
      const abort = new AbortController();
      demo = playDemoFeed({
        profile,
        natsUrl,
        dir: dataDir,
        seed: flags.seed,
        speed,
        signal: abort.signal,
        progress: flags.progress,
        say,
        onLive: scheduleReports,
        callerKey: callerKey.key,
      });
      resources.add('the demo feed', async () => {
        abort.abort(new Error('stopped'));
        await demo.catch(() => undefined);
      });
    }
    // Runs until a signal. The engine stopping on its own (an error, a lost lease), the child nats-server dying or the
    // demo failing ends it too; a demo's engine finishes cleanly at the end of its feed, and the gateway stays up.
    const trouble = Promise.race([
      childLost,
      engineEnded.then(
        (err) => err ?? (flags.demo ? never : new StreamError(`the engine stopped: ${service.summary()}`)),
      ),
      demo.then(
        () => never,
        (err: unknown) => err,
      ),
    ]);
    failure = await Promise.race([stopped.then(() => null), trouble]);
  } catch (err) {
    failure = err;
  } finally {
    const closing = await resources.closeAll(say);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    failure ??= closing;
  }
  if (failure !== null) throw failure;
  say(`stopped (${stopRequested ?? 'done'})`);
}

interface BannerFacts {
  readonly address: string;
  readonly natsNote: string;
  readonly store: string;
  readonly access: LoadedAccess;
  readonly profile: Profile;
  readonly demo: boolean;
}

/** What a person needs to use the platform just started: where it is, how it is wired, which tokens to use. */
function banner({ address, natsNote, store, access, profile, demo }: BannerFacts): string {
  const url = address.replace('://0.0.0.0:', '://127.0.0.1:').replace('://[::]:', '://[::1]:');
  const lines = [
    `理政 Lizheng is running at ${url} (API documentation: ${url}/docs)`,
    `  city      ${profile.data.city} (${profile.data.code})${demo ? ', a generated demo city' : ''}`,
    `  NATS      ${natsNote}`,
    `  store     ${store}`,
    `  clock     ${demo ? "the engine's event time (demo)" : 'the wall clock'}`,
    `  reports   ${url}/reports (each day's morning report, made just after midnight)`,
    `  open data ${url}/open-data/v1/ (public: counts with small cells suppressed, resolved alerts; no token)`,
  ];
  if (access.generated) {
    lines.push(`  access    generated now into ${access.origin} (mode 0600); keep them secret:`);
    for (const t of access.tokens.access.tokens) lines.push(`    ${t.role.padEnd(8)} Authorization: Bearer ${t.token}`);
    for (const k of access.tokens.access.apiKeys)
      lines.push(`    ${`${k.channel} intake`.padEnd(16)} X-Api-Key: ${k.key}`);
  } else if (access.origin === 'LIZHENG_ACCESS') lines.push('  access    tokens and API keys from LIZHENG_ACCESS');
  else
    lines.push(`  access    tokens and API keys in ${access.origin} (generated on the first start, not printed again)`);
  lines.push('Ctrl-C stops it.');
  return `${lines.join('\n')}\n`;
}

/** A demo's new alert, one line on stderr: what a first-time user watches for. */
function sayAlert(event: AlertEvent, profile: Profile, clock: CityClock, say: (line: string) => void): void {
  if (event.type !== 'alert.opened') return;
  const a = event.alert;
  const where = `${profile.districtLabel(a.district)} · ${profile.topicLabel(a.topic)}`;
  say(`alert ${a.kind} ${where} at ${clock.format(Date.parse(a.openedAt))}: ${a.summary}`);
}
