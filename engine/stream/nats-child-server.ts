// `lizheng start` needs a NATS server with JetStream and a fresh machine has none: this joins one that answers, or
// runs `nats-server -js` as a child process (installing Debian's package as scripts/ensure-nats.sh does), and stops
// it again. One place knows where the binary lives, how it is started and how to tell that it answers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from '../process-alive.ts';
import { StreamError } from './stream-errors.ts';

/** What to do about it, in one line, where nats-server can be neither found nor installed. */
const INSTALL_HINT =
  'install nats-server (Debian/Ubuntu: sudo apt-get install nats-server; elsewhere https://nats.io/download) ' +
  'or set NATS_URL to a running server started with -js';
const READY_WITHIN_MS = 10_000;
const STOP_WITHIN_MS = 10_000;

/** True when something accepts TCP connections on host:port (a NATS server, or a squatter connect will name). */
export function answers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** A free TCP port on `host`, as the kernel hands it out. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The nats-server binary: $NATS_SERVER_BIN, else on PATH, else Debian's /usr/sbin (not on a user's PATH); or null. */
export function findNatsServer(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.NATS_SERVER_BIN) return existsSync(env.NATS_SERVER_BIN) ? env.NATS_SERVER_BIN : null;
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) if (existsSync(join(dir, 'nats-server'))) return join(dir, 'nats-server');
  return null;
}

/**
 * Install Debian's nats-server with apt-get, as root or through password-less sudo, and return the binary; or a
 * StreamError with the one-line instruction where that cannot be done (no apt-get, no rights, the install failed).
 */
export function installNatsServer(say: (line: string) => void): string {
  const root = process.getuid?.() === 0;
  const aptGet = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).stdout.trim();
  const sudo = !root && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (aptGet === '' || (!root && !sudo)) throw new StreamError(`nats-server is not installed: ${INSTALL_HINT}`);
  say("nats-server is not installed: installing Debian's package with apt-get");
  const run = (args: string[]) => {
    const r = spawnSync(root ? args[0] : 'sudo', root ? args.slice(1) : ['-n', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      encoding: 'utf8',
    });
    if (r.status !== 0)
      throw new StreamError(`${args.join(' ')} failed (${r.stderr.trim().split('\n').pop()}): ${INSTALL_HINT}`);
  };
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', 'nats-server']);
  const bin = findNatsServer();
  if (bin === null) throw new StreamError(`apt-get installed nats-server but it cannot be found: ${INSTALL_HINT}`);
  return bin;
}

export interface ChildServerOptions {
  readonly host: string;
  readonly port: number;
  /** JetStream's store; the server's log and pid file go beside it (`<storeDir>.log`, `<storeDir>.pid`). */
  readonly storeDir: string;
  readonly say: (line: string) => void;
}

/** A `nats-server -js` this process started and stops. */
export class NatsChildServer {
  private stopping = false;
  /** Resolves with a StreamError if the server exits without being asked to (killed, crashed): never otherwise. */
  readonly lost: Promise<StreamError>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly logFile: string,
  ) {
    this.lost = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (!this.stopping)
          resolve(new StreamError(`the nats-server at ${url} exited (${code ?? signal})${lastLine(logFile)}`));
      }),
    );
  }

  /** Start one (installing the binary when missing); resolves once it accepts connections. */
  static async start(options: ChildServerOptions): Promise<NatsChildServer> {
    const { host, port, storeDir, say } = options;
    const bin = findNatsServer() ?? installNatsServer(say);
    mkdirSync(storeDir, { recursive: true });
    const logFile = `${storeDir}.log`;
    const pidFile = `${storeDir}.pid`;
    await stopOrphan(pidFile, say);
    const args = ['-js', '-a', host, '-p', String(port), '-sd', storeDir, '-l', logFile, '-P', pidFile];
    // A process group of its own: a terminal's Ctrl-C signals the whole foreground group, and the server must
    // outlive the engine's last checkpoint; this process stops it after that.
    const child = spawn(bin, args, { stdio: 'ignore', detached: true });
    const failed = new Promise<Error>((resolve) => {
      child.once('error', (err) => resolve(err));
      child.once('exit', (code, signal) => resolve(new Error(`exited with ${code ?? signal}`)));
    });
    const url = `nats://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const deadline = Date.now() + READY_WITHIN_MS;
    while (Date.now() < deadline) {
      const early = await Promise.race([failed, sleep(50).then(() => null)]);
      if (early !== null)
        throw new StreamError(`${bin} ${args.join(' ')}: ${early.message}${lastLine(logFile)}`, { cause: early });
      if (await answers(host, port)) return new NatsChildServer(child, url, logFile);
    }
    child.kill('SIGKILL');
    throw new StreamError(
      `nats-server did not answer on ${host}:${port} within ${READY_WITHIN_MS / 1000} s; see ${logFile}`,
    );
  }

  /** Stop it (SIGTERM: it flushes its store, as on a clean shutdown; SIGKILL if it hangs). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_WITHIN_MS);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * A server this data directory started before, left running when its parent was killed with -9, holds the store
 * and maybe the port: stop it first. Only a process that is still a nats-server is signalled (pids are reused).
 */
async function stopOrphan(pidFile: string, say: (line: string) => void): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return;
  const command = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
  if (!command.includes('nats-server')) return;
  say(`stopping nats-server ${pid}, left running on this data directory by an earlier start`);
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; isProcessAlive(pid) && waited < STOP_WITHIN_MS; waited += 50) await sleep(50);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** The server `lizheng start` talks to, and the child it started for it (null when it joined a running one). */
export interface StartNats {
  readonly url: string;
  readonly child: NatsChildServer | null;
}

/**
 * Join the server at `url` when it answers; when nothing answers and `url` is on this machine, start a child
 * server on its port with its store in `storeDir`; a server elsewhere that does not answer is an error (this
 * process cannot start one there).
 */
export async function joinOrStartNats(url: string, storeDir: string, say: (line: string) => void): Promise<StartNats> {
  const first = url.split(',')[0].trim();
  let parsed: URL;
  try {
    parsed = new URL(first.includes('://') ? first : `nats://${first}`);
  } catch (cause) {
    throw new StreamError(`NATS URL ${JSON.stringify(url)} is not a URL (expected nats://host:port)`, { cause });
  }
  // URL keeps an IPv6 host in brackets; sockets want it bare.
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = parsed.port === '' ? 4222 : Number(parsed.port);
  if (await answers(host, port)) return { url, child: null };
  if (!LOOPBACK.has(host))
    throw new StreamError(
      `nothing answers at ${url}: start nats-server -js there, or leave out --nats and NATS_URL to let ` +
        'lizheng start run its own',
    );
  say(`no NATS server answers on ${host}:${port}: starting nats-server -js there (store ${storeDir})`);
  const child = await NatsChildServer.start({ host, port, storeDir, say });
  return { url: child.url, child };
}

function lastLine(logFile: string): string {
  if (!existsSync(logFile)) return '';
  const lines = readFileSync(logFile, 'utf8').trim().split('\n');
  return lines.length > 0 && lines[0] !== '' ? ` (${logFile}: ${lines[lines.length - 1]})` : '';
}
