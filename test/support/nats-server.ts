// Starts a private `nats-server -js` on a free port with a throw-away store, so a test can restart or
// kill it without disturbing anyone else's server on 4222.
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { connectNats, type Nats } from '../../engine/stream/nats-connection.ts';
import { ensureStreams } from '../../engine/stream/stream-setup.ts';
import { answers, freePort } from '../../engine/stream/nats-child-server.ts';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

export { freePort };

export class PrivateNatsServer {
  private child: ChildProcess | null = null;
  private constructor(
    readonly port: number,
    readonly storeDir: string,
  ) {}

  /** Process id of the running server (for CPU accounting in benchmarks); null while stopped. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Start a server on a free port; call `stop()` (or `dispose()`) in afterAll. */
  static async start(): Promise<PrivateNatsServer> {
    const s = new PrivateNatsServer(await freePort(), mkdtempSync(join(tmpdir(), 'lizheng-nats-')));
    await s.restart();
    return s;
  }

  /** (Re)start the server on the same port and store; resolves once it accepts connections. */
  async restart(): Promise<void> {
    if (this.child) await this.stop();
    const child = spawn(NATS_SERVER, ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir], {
      stdio: 'ignore',
    });
    this.child = child;
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null)
        throw new Error(`nats-server exited with code ${child.exitCode} on port ${this.port}`);
      if (await answers('127.0.0.1', this.port)) return;
      await sleep(25);
    }
    throw new Error(`nats-server did not answer on port ${this.port} within 5 s`);
  }

  /** Stop the server (SIGTERM: it flushes its store, as on a clean restart). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  /** Stop and remove the store directory. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}

/** The server and a connection a test file shares; filled in by `usePrivateNats`'s beforeAll. */
export interface PrivateNats {
  server: PrivateNatsServer;
  nats: Nats;
}

/**
 * Start a private server and connect to it before the file's tests (creating the streams when
 * `streams` is true), and close both after them. Read `.server` and `.nats` inside the tests.
 */
export function usePrivateNats(options: { streams?: boolean } = {}): PrivateNats {
  const ctx = {} as PrivateNats;
  beforeAll(async () => {
    ctx.server = await PrivateNatsServer.start();
    ctx.nats = await connectNats(ctx.server.url, 'test');
    if (options.streams) await ensureStreams(ctx.nats.jsm);
  });
  afterAll(async () => {
    await ctx.nats?.nc.close();
    await ctx.server?.dispose();
  });
  return ctx;
}
