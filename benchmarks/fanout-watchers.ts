// One client process of the fan-out benchmark (gateway-fanout.ts forks several): 500 socket.io clients in one
// Node process on two cores would measure that process's event loop, not the gateway, so the crowd is spread.
// Each client records every snapshot (build time, receipt time) and alert; the parent asks for them over IPC.
//
//   node --import tsx benchmarks/fanout-watchers.ts URL TOKEN CLIENTS   (only as a child of gateway-fanout.ts)
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, RoomRequest, ServerToClientEvents } from '../schemas/live-events.ts';

/** What the parent asks: forget what was recorded so far, report it, keep only the first n clients, or exit. */
export type WatcherCommand =
  | { type: 'mark' }
  | { type: 'report' }
  | { type: 'keep'; clients: number }
  | { type: 'exit' };

export interface WatcherRecord {
  /** Per snapshot received since the last mark: build time, receipt time (ms, this machine's clock), cells. */
  readonly snapshots: number[][];
  /** Receipt times of alert changes since the last mark. */
  readonly alerts: number[];
  /** Characters of every message received since the last mark (snapshots, series, alerts, engine). */
  chars: number;
}

export type WatcherReply =
  | { type: 'ready'; clients: number }
  | { type: 'report'; clients: WatcherRecord[]; loopDelayP99Ms: number; loopDelayMaxMs: number }
  | { type: 'kept'; clients: number };

/** How many connect at once: a burst of handshakes on a loaded machine times out. */
const CONNECTING = 25;
/** Busy cells of the generated city; each client follows two, as a wall charts the two newest cells in alert. */
const CELLS = [
  ['wuhou', 'noise'],
  ['gaoxin', 'traffic'],
  ['jinjiang', 'housing'],
  ['chenghua', 'consumer'],
].map(([district, topic]) => ({ trend: { district, topic } }));

class Watcher {
  record: WatcherRecord = { snapshots: [], alerts: [], chars: 0 };
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Resolves with the first snapshot: a client counts as connected once it holds the current state. */
  readonly firstSnapshot: Promise<void>;

  constructor(url: string, token: string, follows: readonly RoomRequest[]) {
    const auth = { token, rooms: [{ all: true }, ...follows] };
    this.socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    this.firstSnapshot = new Promise((resolve, reject) => {
      this.socket.once('snapshot', () => resolve());
      this.socket.once('connect_error', reject);
      this.socket.once('disconnect', (reason) => reject(new Error(`disconnected before a snapshot: ${reason}`)));
    });
    this.socket.on('snapshot', (s) => this.record.snapshots.push([s.builtAt, Date.now(), s.cells.length]));
    this.socket.on('alert', () => this.record.alerts.push(Date.now()));
    this.socket.io.on('open', () =>
      this.socket.io.engine.on('data', (data: unknown) => {
        if (typeof data === 'string') this.record.chars += data.length;
      }),
    );
  }
}

const send = (reply: WatcherReply) => process.send!(reply);

const [url, token, count] = process.argv.slice(2);
const watchers: Watcher[] = [];
for (let i = 0; i < Number(count); i += CONNECTING) {
  const batch = Array.from(
    { length: Math.min(CONNECTING, Number(count) - i) },
    (_, j) => new Watcher(url, token, [CELLS[(i + j) % CELLS.length], CELLS[(i + j + 1) % CELLS.length]]),
  );
  await Promise.all(batch.map((w) => w.firstSnapshot));
  watchers.push(...batch);
}
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
send({ type: 'ready', clients: watchers.length });

process.on('message', (command: WatcherCommand) => {
  if (command.type === 'mark') {
    for (const w of watchers) w.record = { snapshots: [], alerts: [], chars: 0 };
    loop.reset();
  } else if (command.type === 'report') {
    const p99 = loop.percentile(99) / 1e6;
    send({
      type: 'report',
      clients: watchers.map((w) => w.record),
      loopDelayP99Ms: p99,
      loopDelayMaxMs: loop.max / 1e6,
    });
  } else if (command.type === 'keep') {
    for (const w of watchers.splice(command.clients)) w.socket.close();
    send({ type: 'kept', clients: watchers.length });
  } else {
    for (const w of watchers) w.socket.close();
    process.disconnect();
  }
});
