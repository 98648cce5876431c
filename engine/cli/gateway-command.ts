// `lizheng gateway`: the gateway alone, for a deployment that runs N of them behind a load balancer. Each holds no
// state of its own — reports go to NATS, alerts and figures come from NATS and PostgreSQL — so any number can run.
import type { Command } from 'commander';
import { addGatewayLimitFlags, parseGatewayLimits, type GatewayLimitFlags } from './gateway-flags.ts';
import { Option } from 'commander';
import { UsageError } from '../errors.ts';
import { LOG_LEVELS, createLogger, type LogLevel } from '../log.ts';
import { DEFAULT_NATS_URL } from '../stream/nats-names.ts';
import { parseNumberFlag } from './flags.ts';
import { listen } from './listen.ts';
import { addCallerKeyFlag, type CallerKeyFlags } from './caller-key-flag.ts';
import { loadCallerKey } from '../privacy/caller-key.ts';

interface GatewayFlags extends GatewayLimitFlags, CallerKeyFlags {
  nats: string;
  host: string;
  port: string;
  access: string;
  profile: string;
  clock: 'wall' | 'event';
  storeSchema: string;
  logLevel: LogLevel;
}

export function register(program: Command): void {
  addCallerKeyFlag(addGatewayLimitFlags(program.command('gateway')))
    .description('run the gateway alone (REST, Open311, live push) on NATS and PostgreSQL; stateless, run N of them')
    .addOption(new Option('--nats <url>', 'NATS server').env('NATS_URL').default(DEFAULT_NATS_URL))
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '8080')
    .option(
      '--access <file>',
      'access tokens and API keys (JSON, as lizheng start generates) when LIZHENG_ACCESS is not set',
      './data/access.json',
    )
    .option('-p, --profile <name|file>', 'city profile: built-in name or JSON file', 'chengdu')
    .addOption(
      new Option('--clock <kind>', `"now" in the API: the wall clock, or the engine's event time (a replay)`)
        .choices(['wall', 'event'])
        .default('wall'),
    )
    .option('--store-schema <name>', 'database schema of the store (as the engine writes it)', 'lizheng')
    .addOption(
      new Option('--log-level <level>', 'least severe log entry written to stderr (one JSON line per request)')
        .choices([...LOG_LEVELS])
        .env('LOG_LEVEL')
        .default('info'),
    )
    .addHelpText(
      'after',
      `
Needs NATS (the engine's server) and PostgreSQL in DATABASE_URL: the embedded PGlite belongs to one process
(lizheng start runs the gateway beside the engine in one process for that). Access from LIZHENG_ACCESS
(the JSON itself) or --access FILE; nothing is generated here. Ctrl-C or SIGTERM closes it cleanly.

Example (three gateways behind a load balancer, the engine elsewhere):
  export NATS_URL=nats://10.0.0.5:4222 DATABASE_URL=postgres://lizheng@10.0.0.6/lizheng
  export LIZHENG_ACCESS="$(cat access.json)"
  lizheng gateway --host 0.0.0.0 --port 8080`,
    )
    .action((flags: GatewayFlags, command: Command) => gateway(flags, command.parent?.version() ?? '0.0.0'));
}

async function gateway(flags: GatewayFlags, version: string): Promise<void> {
  const port = parseNumberFlag('--port', flags.port, { min: 0, max: 65535, integer: true });
  const limits = parseGatewayLimits(flags);
  if (flags.host.trim() === '') throw new UsageError('--host must not be empty');
  if (!process.env.DATABASE_URL)
    throw new UsageError(
      'lizheng gateway needs DATABASE_URL (PostgreSQL): gateways share one database, and the embedded PGlite ' +
        'cannot be shared between processes (lizheng start runs the gateway with it in one process)',
    );
  // Loaded here, not on import: `lizheng --help` must not load NATS, PostgreSQL or Fastify.
  const [{ loadProfile }, { loadAccess }, { openStore }, { connectNats }, { openGateway }] = await Promise.all([
    import('../profile/city-profile.ts'),
    import('../../gateway/access-tokens.ts'),
    import('../store/index.ts'),
    import('../stream/nats-connection.ts'),
    import('../../gateway/open-gateway.ts'),
  ]);
  const profile = loadProfile(flags.profile);
  const access = loadAccess(flags.access, { generate: false });
  const callerKey = loadCallerKey(flags.callerKey);
  const log = await createLogger(flags.logLevel);
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

  const nats = await connectNats(flags.nats, 'lizheng-gateway');
  try {
    // Partition upkeep and retention are the engine's: N gateways need not all do it every hour.
    const store = await openStore({
      timezone: profile.timezone,
      schema: flags.storeSchema,
      maintainEveryMs: null,
      log: (line) => log.info(line),
    });
    try {
      const open = await openGateway(
        { profile, nats, store, access: access.tokens, callerKey: callerKey.key, limits, clock: flags.clock },
        { logger: log, version },
      );
      try {
        const address = await listen(open.app, flags.host, port);
        log.info({ address, access: access.origin, clock: flags.clock }, `gateway listening on ${address}`);
        await stopped;
      } finally {
        await open.close();
      }
    } finally {
      await store.close();
    }
  } finally {
    await nats.nc.drain().catch(() => nats.nc.close());
  }
}
