// The live feed for a Lit view: one Socket.IO connection to the page's gateway, its snapshot, the alert board kept
// by applying each change once and in order, and the engine's health. Reconnects by itself with the last sequence
// it applied, so the gateway replays only what was missed; the view re-renders at most once per animation frame.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import type { LiveAlert } from '../../../schemas/alert-workflow.ts';
import type {
  ClientToServerEvents,
  EngineStatus,
  LiveHandshake,
  RoomAnswer,
  RoomRequest,
  SeriesMinutes,
  SequencedAlertChange,
  ServerToClientEvents,
  Snapshot,
} from '../../../schemas/live-events.ts';

export type Connection = 'connecting' | 'live' | 'lost';

export interface LiveOptions {
  readonly token: string;
  /** Rooms to be in from the start; the gateway's default is every alert. */
  readonly rooms?: readonly RoomRequest[];
  /** Most recent changes kept for a ticker or timeline (default 200). */
  readonly keepChanges?: number;
}

export class LiveController implements ReactiveController {
  connection: Connection = 'connecting';
  snapshot: Snapshot | null = null;
  /** When the snapshot arrived (performance.now()), so a clock can tick on from its feed time. */
  snapshotReceivedAt = 0;
  alerts: ReadonlyMap<string, LiveAlert> = new Map();
  /** Newest first, bounded. */
  changes: SequencedAlertChange[] = [];
  engine: EngineStatus | null = null;
  lastSeq: number | undefined;
  /** Why the gateway refused the connection (a bad token), if it did. */
  refusal: string | null = null;

  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private rooms: RoomRequest[];
  private frame = 0;
  private readonly seriesListeners = new Set<(delta: SeriesMinutes) => void>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: LiveOptions,
  ) {
    // Always sent: a client that later follows a trend must still be in the all-alerts room it began in.
    this.rooms = [...(options.rooms ?? [{ all: true }])];
    host.addController(this);
  }

  hostConnected(): void {
    // `auth` as a function: every reconnect sends the sequence applied by then, not the one at first connect.
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      auth: (send) => {
        const auth: LiveHandshake = {
          token: this.options.token,
          ...(this.lastSeq === undefined ? {} : { lastSeq: this.lastSeq }),
          rooms: this.rooms,
        };
        send(auth as Record<string, unknown>);
      },
    });
    socket.on('connect', () => this.set({ connection: 'live', refusal: null }));
    socket.on('disconnect', () => this.set({ connection: 'lost' }));
    socket.on('connect_error', (err) => this.set({ connection: 'lost', refusal: err.message }));
    socket.on('snapshot', (snapshot) => this.set({ snapshot, snapshotReceivedAt: performance.now() }));
    socket.on('engine', (engine) => this.set({ engine }));
    socket.on('alerts', (state) => {
      this.alerts = new Map(state.alerts.map((a) => [a.id, a]));
      this.lastSeq = state.seq;
      this.requestUpdate();
    });
    socket.on('alert', (change) => this.apply(change));
    socket.on('series', (delta) => {
      for (const listener of this.seriesListeners) listener(delta);
    });
    this.socket = socket;
  }

  hostDisconnected(): void {
    this.socket?.disconnect();
    this.socket = null;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  /**
   * Minutes closed since the last `series` event, for a trend line kept by the view: the city's, and a cell's once
   * it is joined with `{trend: {district, topic}}`. Returns the unsubscribe.
   */
  onSeries(listener: (delta: SeriesMinutes) => void): () => void {
    this.seriesListeners.add(listener);
    return () => this.seriesListeners.delete(listener);
  }

  /**
   * Follow a district's or a topic's alerts, or a cell's trend, too. Kept for every reconnect's handshake, so a join
   * while disconnected takes effect on connecting; a room the gateway refuses is dropped. Resolves with the answer.
   */
  join(room: RoomRequest): Promise<RoomAnswer> {
    this.rooms.push(room);
    return this.roomCall('join', room).then((answer) => {
      if (!answer.ok && this.socket?.connected) this.forget(room);
      return answer;
    });
  }

  leave(room: RoomRequest): Promise<RoomAnswer> {
    this.forget(room);
    return this.roomCall('leave', room);
  }

  private forget(room: RoomRequest): void {
    this.rooms = this.rooms.filter((r) => JSON.stringify(r) !== JSON.stringify(room));
  }

  private roomCall(event: 'join' | 'leave', room: RoomRequest): Promise<RoomAnswer> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.resolve({ ok: false, error: 'not connected: kept for the next connect' });
    return new Promise((resolve) => socket.emit(event, room, resolve));
  }

  /** A change the board has not applied yet; one already applied (a replay overlapping) is ignored. */
  private apply(change: SequencedAlertChange): void {
    if (this.lastSeq !== undefined && change.seq <= this.lastSeq) return;
    const alerts = new Map(this.alerts);
    alerts.set(change.alert.id, change.alert);
    this.alerts = alerts;
    this.changes = [change, ...this.changes].slice(0, this.options.keepChanges ?? 200);
    this.lastSeq = change.seq;
    this.requestUpdate();
  }

  private set(fields: Partial<Pick<this, 'connection' | 'snapshot' | 'snapshotReceivedAt' | 'engine' | 'refusal'>>) {
    Object.assign(this, fields);
    this.requestUpdate();
  }

  /** Many events in one frame (a reconnect's replay) make one render. */
  private requestUpdate(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.host.requestUpdate();
    });
  }
}
