// A real socket.io-client on a listening gateway that records every event it receives, in order, so a test can
// wait for one and compare what two clients ended with.
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import type { LiveAlert } from '../../schemas/alert-workflow.ts';
import type { ClientToServerEvents, LiveHandshake, ServerToClientEvents } from '../../schemas/live-events.ts';

export type Received = {
  [K in keyof ServerToClientEvents]: { name: K; payload: Parameters<ServerToClientEvents[K]>[0] };
}[keyof ServerToClientEvents];

export class LiveClient {
  readonly received: Received[] = [];
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** The alert board as this client sees it: the `alerts` state, then each `alert` change applied. */
  readonly board = new Map<string, LiveAlert>();
  lastSeq = 0;

  constructor(
    url: string,
    private readonly auth: LiveHandshake,
  ) {
    this.socket = io(url, { auth: { ...auth }, transports: ['websocket'], reconnection: false, forceNew: true });
    this.socket.onAny((name: keyof ServerToClientEvents, payload: unknown) => {
      this.received.push({ name, payload } as Received);
      if (name === 'alerts') {
        const state = payload as Parameters<ServerToClientEvents['alerts']>[0];
        this.board.clear();
        for (const a of state.alerts) this.board.set(a.id, a);
        this.lastSeq = state.seq;
      }
      if (name === 'alert') {
        const change = payload as Parameters<ServerToClientEvents['alert']>[0];
        this.board.set(change.alert.id, change.alert);
        this.lastSeq = change.seq;
      }
    });
  }

  /** Connected, or the connect_error's message and data. */
  connected(): Promise<{ ok: true } | { ok: false; message: string; data: unknown }> {
    return new Promise((resolve) => {
      this.socket.once('connect', () => resolve({ ok: true }));
      this.socket.once('connect_error', (err: Error & { data?: unknown }) =>
        resolve({ ok: false, message: err.message, data: err.data }),
      );
    });
  }

  of<K extends keyof ServerToClientEvents>(name: K): Parameters<ServerToClientEvents[K]>[0][] {
    return this.received.filter((r) => r.name === name).map((r) => r.payload) as never;
  }

  /** Wait until `ready()` holds (checked every 20 ms), or fail after `ms` saying what was awaited. */
  async until(what: string, ready: () => boolean, ms = 15_000): Promise<void> {
    for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) if (ready()) return;
    throw new Error(`timed out waiting for ${what}; received ${this.received.map((r) => r.name).join(', ')}`);
  }

  /** Connect again after a disconnect, as the dashboard does: with the last sequence applied, keeping the board. */
  async reconnect(): Promise<void> {
    this.socket.auth = { ...this.auth, lastSeq: this.lastSeq };
    const result = this.connected();
    this.socket.connect();
    const r = await result;
    if (!r.ok) throw new Error(`refused: ${r.message}`);
  }

  close(): void {
    this.socket.close();
  }
}

/** Open a client and wait for it to connect (rejecting with the connect_error message when refused). */
export async function connectLive(url: string, auth: LiveHandshake): Promise<LiveClient> {
  const client = new LiveClient(url, auth);
  const result = await client.connected();
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return client;
}
