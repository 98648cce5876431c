// One gateway's live view of the platform: follows ALERTS (engine events and people's actions, in stream order)
// and SERIES (closed minutes) with its own ordered consumers, keeps the alert board and the cell window, and
// hands every alert change, every coalesced snapshot and every engine health change to one listener (the socket).
import type { JsMsg } from '@nats-io/jetstream';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Histogram } from 'prom-client';
import type { CellMessage } from '../../engine/stream/series-message.ts';
import { STREAMS, SUBJECTS } from '../../engine/stream/nats-names.ts';
import { MINUTE_MS } from '../../engine/time/event-time.ts';
import { AlertEvent } from '../../schemas/alert-event.ts';
import { LiveAlertChange, type LiveAlert } from '../../schemas/alert-workflow.ts';
import type { EngineStatus, SequencedAlertChange, SeriesMinutes, Snapshot } from '../../schemas/live-events.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { AlertBoard, RECENT_MS } from './alert-board.ts';
import { CellWindow, type CellMinuteFigure } from './cell-window.ts';
import { SnapshotBuilder } from './snapshot-builder.ts';
import { SnapshotCoalescer } from './snapshot-coalescer.ts';
import { StreamFollower } from './stream-follower.ts';

export interface LiveListener {
  alert(change: SequencedAlertChange): void;
  /** A coalesced snapshot, with the closed minutes that arrived since the previous one (every cell's). */
  snapshot(snapshot: Snapshot, series: SeriesMinutes): void;
  engine(status: EngineStatus): void;
}

export interface LiveFeedOptions {
  /** Shortest time between two snapshots, ms (default 500: two a second). */
  readonly snapshotIntervalMs?: number;
  /**
   * ALERTS messages re-read before the stream's end at start, over the alerts seeded from the store (which
   * writes behind the stream): enough to cover its lag. Default 10,000.
   */
  readonly rereadAlerts?: number;
}

const checkEngineEvent = TypeCompiler.Compile(AlertEvent);
const checkWorkflow = TypeCompiler.Compile(LiveAlertChange);
const decoder = new TextDecoder();
/** Unresolved alerts read from the store at start; a city with more open alerts than this has other troubles. */
const SEED_PAGES = 20;

/** Why an ALERTS or SERIES message was skipped (it is logged; the feed goes on). */
export class LiveMessageError extends Error {
  constructor(
    readonly subject: string,
    readonly seq: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${subject} #${seq}: ${message}`, options);
    this.name = 'LiveMessageError';
  }
}

/** The pending cell minutes as a `series` delta: all of them, and the city's total of each minute. */
function cityAndCells(minutes: CellMinuteFigure[]): SeriesMinutes {
  const city = new Map<number, { minute: number; reports: number; callers: number }>();
  for (const m of minutes) {
    const total = city.get(m.minute);
    if (total) {
      total.reports += m.reports;
      total.callers += m.callers;
    } else city.set(m.minute, { minute: m.minute, reports: m.reports, callers: m.callers });
  }
  return { city: [...city.values()].sort((a, b) => a.minute - b.minute), minutes };
}

export class LiveFeed {
  readonly board = new AlertBoard();
  readonly window: CellWindow;
  readonly builder: SnapshotBuilder;
  private readonly coalescer: SnapshotCoalescer<{ snapshot: Snapshot; series: SeriesMinutes }>;
  private pendingMinutes: CellMinuteFigure[] = [];
  private readonly followers: StreamFollower[] = [];
  private stopHealth: (() => void) | null = null;
  private listener: LiveListener | null = null;

  private constructor(
    private readonly ctx: GatewayContext,
    options: LiveFeedOptions,
    private readonly log: (err: unknown) => void,
  ) {
    this.window = new CellWindow(ctx.clock);
    this.builder = new SnapshotBuilder(ctx, this.board, this.window);
    const buildSeconds = new Histogram({
      name: 'lizheng_snapshot_build_seconds',
      help: 'Time to build one live snapshot (the store read for expectations included)',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [ctx.metrics],
    });
    this.coalescer = new SnapshotCoalescer({
      intervalMs: options.snapshotIntervalMs ?? 500,
      build: async () => {
        const end = buildSeconds.startTimer();
        const series = cityAndCells(this.pendingMinutes);
        this.pendingMinutes = [];
        const snapshot = await this.builder.build();
        end();
        return { snapshot, series };
      },
      publish: ({ snapshot, series }) => this.listener?.snapshot(snapshot, series),
      onError: log,
    });
  }

  /**
   * Seed from the store, follow the streams, and resolve once the board has caught up with ALERTS as it stood.
   * `log` receives every skipped message and failed snapshot.
   */
  static async start(ctx: GatewayContext, options: LiveFeedOptions, log: (err: unknown) => void): Promise<LiveFeed> {
    const feed = new LiveFeed(ctx, options, log);
    try {
      await feed.followSeries();
      await feed.followAlerts(options.rereadAlerts ?? 10_000);
      feed.stopHealth = ctx.engineHealth.onChange(() => {
        feed.listener?.engine(feed.engineStatus());
        // The engine's clock moved (the feed clock of a replay): the window slides even when no minute arrived.
        feed.coalescer.poke();
      });
    } catch (err) {
      await feed.stop();
      throw err;
    }
    return feed;
  }

  /** The one receiver of changes (the socket server); set once it can deliver. */
  attach(listener: LiveListener): void {
    this.listener = listener;
  }

  /** The latest snapshot, or one built now when none has been published yet. */
  async snapshot(): Promise<Snapshot> {
    return this.coalescer.latest?.snapshot ?? this.builder.build();
  }

  /** Alerts on the board at the feed clock's now. */
  alerts(): LiveAlert[] {
    return this.board.current(this.ctx.feedClock.now());
  }

  engineStatus(): EngineStatus {
    const reports = this.ctx.engineHealth.current();
    const watermark = this.ctx.engineHealth.watermark();
    return {
      ready: reports.length > 0 && reports.every((r) => r.ready),
      lagMessages: Math.max(0, ...reports.map((r) => r.lagMessages)),
      watermark: watermark === null ? null : this.ctx.clock.format(watermark),
      roles: reports.map((r) => r.role),
    };
  }

  async stop(): Promise<void> {
    this.listener = null;
    this.stopHealth?.();
    this.coalescer.close();
    await Promise.all(this.followers.map((f) => f.stop()));
  }

  /**
   * SERIES from its current end on, then the day so far from the store (a minute in both is set twice, the same).
   * The start is a sequence, not "new": an ordered consumer recreated after a missed heartbeat before its first
   * message would otherwise start at "new" again and drop what was published in between.
   */
  private async followSeries(): Promise<void> {
    const last = (await this.ctx.nats.jsm.streams.info(STREAMS.series)).state.last_seq;
    this.followers.push(
      await StreamFollower.follow(this.ctx.nats.js, {
        stream: STREAMS.series,
        filter: 'series.*.*',
        from: last + 1,
        onMessage: (msg) => this.onSeries(msg),
        onError: (err, msg) => this.log(new LiveMessageError(msg.subject, msg.seq, 'skipped', { cause: err })),
      }),
    );
    const now = this.ctx.feedClock.now();
    const from = this.window.keepFrom(now);
    for (const m of await this.ctx.store.queries.cellMinutes({ from, to: now })) this.window.set(m);
  }

  private onSeries(msg: JsMsg): void {
    const topic = msg.subject.slice(msg.subject.lastIndexOf('.') + 1);
    if (topic.startsWith('_')) return; // the decider's _merge messages, not a cell's minute
    const body = JSON.parse(decoder.decode(msg.data)) as Partial<CellMessage>;
    if (
      typeof body.district !== 'string' ||
      typeof body.topic !== 'string' ||
      !Number.isInteger(body.minute) ||
      !Number.isInteger(body.reports) ||
      !Array.isArray(body.callers)
    )
      throw new Error('not a closed cell minute {district, topic, minute, reports, callers[]}');
    const minute: CellMinuteFigure = {
      district: body.district,
      topic: body.topic,
      minute: body.minute!,
      reports: body.reports!,
      callers: body.callers.length,
    };
    this.ctx.engineHealth.reached((minute.minute + 1) * MINUTE_MS);
    this.window.set(minute);
    this.pendingMinutes.push(minute);
    this.coalescer.poke();
  }

  /** The store's unresolved and recently resolved alerts, then ALERTS from `reread` messages before its end. */
  private async followAlerts(reread: number): Promise<void> {
    const last = (await this.ctx.nats.jsm.streams.info(STREAMS.alerts)).state.last_seq;
    const from = Math.max(1, last - reread + 1);
    this.board.seed(await this.storedAlerts(), from - 1);
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    if (last < from) caughtUp();
    this.followers.push(
      await StreamFollower.follow(this.ctx.nats.js, {
        stream: STREAMS.alerts,
        filter: SUBJECTS.alertsAll,
        from,
        onMessage: (msg) => {
          try {
            this.onAlert(msg);
          } finally {
            if (msg.seq >= last) caughtUp();
          }
        },
        onError: (err, msg) => this.log(new LiveMessageError(msg.subject, msg.seq, 'skipped', { cause: err })),
      }),
    );
    await ready;
  }

  private async storedAlerts(): Promise<LiveAlert[]> {
    const alerts: LiveAlert[] = [];
    const read = async (req: Parameters<GatewayContext['store']['queries']['listAlerts']>[0]) => {
      let cursor: string | undefined;
      for (let page = 0; page < SEED_PAGES; page++) {
        const got = await this.ctx.store.queries.listAlerts({ ...req, limit: 500, cursor });
        alerts.push(...got.items);
        if (!got.nextCursor) return;
        cursor = got.nextCursor;
      }
    };
    await read({ status: ['open', 'acknowledged', 'dispatched'] });
    await read({ status: ['resolved'], from: this.ctx.feedClock.now() - RECENT_MS });
    return alerts;
  }

  private onAlert(msg: JsMsg): void {
    let body: unknown;
    try {
      body = JSON.parse(decoder.decode(msg.data));
    } catch (cause) {
      this.board.pass(msg.seq);
      throw new LiveMessageError(msg.subject, msg.seq, 'not JSON', { cause });
    }
    const workflow = msg.subject === SUBJECTS.workflow;
    const check = workflow ? checkWorkflow : checkEngineEvent;
    const wrong = check.Errors(body).First();
    if (wrong) {
      this.board.pass(msg.seq);
      throw new LiveMessageError(msg.subject, msg.seq, `${wrong.path || '/'}: ${wrong.message}`);
    }
    const change = workflow
      ? this.board.applyWorkflow(body as LiveAlertChange, msg.seq)
      : this.board.applyEngineEvent(body as AlertEvent, msg.seq);
    if (change) {
      this.listener?.alert(change);
      this.coalescer.poke();
    }
  }
}
