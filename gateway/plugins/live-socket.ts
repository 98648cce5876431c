// Live push to the wall and the consoles: Socket.IO on Fastify's own server. A client with a viewer token gets the
// current state first (a snapshot, then its missed alert changes or the whole board), then every alert change in
// its rooms, a snapshot at most twice a second with the city's closed minutes (a followed cell's too), and the
// engine's health. Each gateway reads NATS itself, so no Socket.IO adapter is needed: every gateway already sees
// every change, and a client talks to one gateway.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge } from 'prom-client';
import { Server, type Socket } from 'socket.io';
import type { LiveAlert } from '../../schemas/alert-workflow.ts';
import type {
  ClientToServerEvents,
  LiveHandshake,
  RoomAnswer,
  RoomRequest,
  SeriesMinutes,
  ServerToClientEvents,
} from '../../schemas/live-events.ts';
import { AccessTokens } from '../access-tokens.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { GatewayError } from '../gateway-errors.ts';
import { LiveFeed } from '../live/live-feed.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The gateway's live view (alert board, cell window, snapshots), shared with the REST figures. */
    live: LiveFeed;
  }
}

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** The room every alert goes to; a console that filters leaves it and joins a district's or a topic's. */
export const ALL_ALERTS = 'alerts';

/**
 * The rooms an alert goes to: all alerts, its topic, its district (a citywide alert: each district it names; a
 * district alert: each topic it names).
 */
export function roomsOf(alert: Pick<LiveAlert, 'district' | 'topic' | 'districts' | 'topics'>): string[] {
  const districts = alert.district ? [alert.district] : (alert.districts ?? []);
  const topics = alert.topic !== null ? [alert.topic] : (alert.topics ?? []);
  return [ALL_ALERTS, ...topics.map((t) => `topic:${t}`), ...districts.map((d) => `district:${d}`)];
}

/** The room of one cell's closed minutes (its trend line). */
const trendRoom = (district: string, topic: string) => `trend:${district}.${topic}`;

/** The room a request names, or why it names none (an unknown district or topic, named). */
function roomFor(ctx: GatewayContext, request: unknown): RoomAnswer {
  const r = (request ?? {}) as Record<string, unknown>;
  if (r.all === true) return { ok: true, room: ALL_ALERTS };
  if (typeof r.trend === 'object' && r.trend !== null) {
    const { district, topic } = r.trend as Record<string, unknown>;
    const d = typeof district === 'string' ? ctx.profile.district(district) : undefined;
    const t = typeof topic === 'string' ? ctx.profile.topic(topic) : undefined;
    if (!d) return { ok: false, error: `trend.district: unknown "${String(district)}"` };
    if (!t) return { ok: false, error: `trend.topic: unknown "${String(topic)}"` };
    return { ok: true, room: trendRoom(d.code, t.code) };
  }
  if (typeof r.district === 'string') {
    const d = ctx.profile.district(r.district);
    return d ? { ok: true, room: `district:${d.code}` } : { ok: false, error: `district: unknown "${r.district}"` };
  }
  if (typeof r.topic === 'string') {
    const t = ctx.profile.topic(r.topic);
    return t ? { ok: true, room: `topic:${t.code}` } : { ok: false, error: `topic: unknown "${r.topic}"` };
  }
  return { ok: false, error: 'room: expected {all: true}, {district}, {topic} or {trend: {district, topic}}' };
}

/** A refused handshake: the client's connect_error carries the message and the catalogue body as `data`. */
function refusal(code: 'LZ_UNAUTHORIZED' | 'LZ_FORBIDDEN' | 'LZ_INVALID_REQUEST', message: string) {
  const err = new GatewayError(code, message);
  return Object.assign(err, { data: err.body() });
}

async function liveSocket(app: FastifyInstance, ctx: GatewayContext): Promise<void> {
  const feed = await LiveFeed.start(ctx, {}, (err) => app.log.warn({ err }, 'live feed: message skipped'));
  app.decorate('live', feed);

  const io = new Server<ClientToServerEvents, ServerToClientEvents>(app.server, {
    serveClient: false,
    cors: { origin: ctx.limits.corsOrigins.length > 0 ? [...ctx.limits.corsOrigins] : false },
  });
  new Gauge({
    name: 'lizheng_socket_clients',
    help: 'Socket.IO clients connected to this gateway',
    registers: [ctx.metrics],
    collect() {
      this.set(io.of('/').sockets.size);
    },
  });
  const pushed = new Counter({
    name: 'lizheng_alerts_pushed_total',
    help: 'Alert changes pushed to socket clients, by alert kind (once per change, whatever the rooms)',
    labelNames: ['kind'],
    registers: [ctx.metrics],
  });

  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as LiveHandshake;
    const token = auth.token ?? socket.handshake.query.token;
    const principal = typeof token === 'string' ? ctx.access.identify(token) : null;
    if (principal === null) return next(refusal('LZ_UNAUTHORIZED', 'a valid viewer token is required (auth.token)'));
    if (!AccessTokens.allows(principal, 'viewer'))
      return next(refusal('LZ_FORBIDDEN', 'this needs the viewer role (an intake key cannot watch)'));
    if (auth.lastSeq !== undefined && !(Number.isInteger(auth.lastSeq) && auth.lastSeq >= 0))
      return next(refusal('LZ_INVALID_REQUEST', `lastSeq: expected a whole number ≥ 0, got ${String(auth.lastSeq)}`));
    const rooms: string[] = [];
    for (const request of auth.rooms ?? [{ all: true }]) {
      const answer = roomFor(ctx, request);
      if (!answer.ok) return next(refusal('LZ_INVALID_REQUEST', answer.error));
      rooms.push(answer.room);
    }
    socket.data.rooms = rooms;
    next();
  });

  io.on('connection', (socket: LiveSocket) => {
    void (async () => {
      const snapshot = await feed.snapshot();
      if (socket.disconnected) return;
      // From here to the end nothing awaits, so no alert change can fall between the state and the deltas.
      const rooms = new Set<string>(socket.data.rooms);
      socket.join([...rooms]);
      socket.emit('snapshot', snapshot);
      const inRooms = (a: LiveAlert) => roomsOf(a).some((r) => rooms.has(r));
      const lastSeq = (socket.handshake.auth as LiveHandshake).lastSeq;
      const missed = lastSeq === undefined ? null : feed.board.changesSince(lastSeq);
      if (missed) for (const change of missed) if (inRooms(change.alert)) socket.emit('alert', change);
      if (!missed) socket.emit('alerts', { seq: feed.board.seq, alerts: feed.alerts().filter(inRooms) });
      socket.emit('engine', feed.engineStatus());
    })().catch((err) => {
      app.log.error({ err }, 'live socket: could not send the current state');
      socket.disconnect(true);
    });
    const move = (join: boolean) => (request: RoomRequest, answer?: (result: RoomAnswer) => void) => {
      const result = roomFor(ctx, request);
      if (result.ok) void (join ? socket.join(result.room) : socket.leave(result.room));
      if (typeof answer === 'function') answer(result);
    };
    socket.on('join', move(true));
    socket.on('leave', move(false));
  });

  feed.attach({
    alert: (change) => {
      pushed.inc({ kind: change.alert.kind });
      io.to(roomsOf(change.alert)).emit('alert', change);
    },
    snapshot: (snapshot, series) => {
      if (series.city.length > 0) io.emit('series', { city: series.city, minutes: [] });
      const byTrend = new Map<string, SeriesMinutes['minutes']>();
      for (const m of series.minutes) {
        const room = trendRoom(m.district, m.topic);
        if (!io.of('/').adapter.rooms.has(room)) continue;
        const minutes = byTrend.get(room);
        if (minutes) minutes.push(m);
        else byTrend.set(room, [m]);
      }
      for (const [room, minutes] of byTrend) io.to(room).emit('series', { city: [], minutes });
      io.emit('snapshot', snapshot);
    },
    engine: (status) => io.emit('engine', status),
  });

  app.addHook('preClose', async () => {
    await feed.stop();
    io.disconnectSockets(true);
  });
  app.addHook('onClose', async () => {
    await io.close();
  });
}

export default fp(liveSocket, { name: 'live-socket' });
