// The one skeleton of every `lizheng engine` process (whole city, partition counter, decider): durable consumers
// feeding a synchronous handler, the checkpoint cycle that acks what a checkpoint covers, readiness (/health,
// /metrics), the live-mode idle timer, and a stop that runs exactly once. A role supplies only what differs.
import type { JsMsg } from '@nats-io/jetstream';
import { CheckpointCycle, type Capture } from './checkpoint-cycle.ts';
import { ConsumerFeed, type ConsumerSpec } from './consumer-feed.ts';
import { TUNING } from './nats-names.ts';
import type { PipelineRuntime } from './pipeline-runtime.ts';
import { Readiness, isCheckpointFresh, type ReadinessReport } from './readiness.ts';
import type { EngineRunOptions } from './service-lifecycle.ts';

/** One durable consumer of a role and what its messages go to. */
export interface FeedSource {
  readonly spec: ConsumerSpec;
  /**
   * The stream sequence the role's state covers: the consumer resumes after it, and anything at or before it is old.
   */
  readonly resumeAfter: () => number;
  /** Handle one new message (synchronously); returns why the service should now stop (a replay's end), or null. */
  readonly handle: (msg: JsMsg) => string | null;
}

/** A checkpoint's state, and the consumers whose input it covers (each is acked through its newest message). */
export interface Captured {
  readonly writes: Capture['writes'];
  readonly removes?: Capture['removes'];
  readonly covers: readonly FeedSource[];
}

/** A role's own figures for /health and /metrics; the service adds lag, checkpoints, readiness and the lease. */
export interface RoleFigures {
  readonly processed: number;
  readonly poison: number;
  readonly watermark: string | null;
  readonly [extra: string]: unknown;
}

/** What makes a pipeline process a whole-city engine, a partition counter or the decider. */
export interface PipelineRole {
  /** Its readiness key and /health role: `engine.all`, `count.0of2`, `decide`. */
  readonly name: string;
  readonly sources: readonly FeedSource[];
  /** Work before consuming that needs the built role (the whole-city engine's warm start from the store). */
  prepare?(): Promise<void>;
  /** Why there is nothing to consume (a replay whose end the checkpoint already covers), or null. */
  endedAtStart(): string | null;
  /** The state to checkpoint at this instant, synchronously; null when nothing changed since the last one. */
  capture(): Captured | null;
  /** Wait until what the captured state produced besides messages (rows for the store) is safe. */
  barrier?(): Promise<void>;
  /** Milliseconds until something waited for is due (a minute's close); a checkpoint is put off before it. */
  msUntilDue?(): number;
  /**
   * Live mode, every idle tick: let the wall clock move time where a consumer is `quiet` (nothing pending or arriving).
   */
  idle?(now: number, quiet: (source: FeedSource) => boolean): void;
  /** After the consumers stopped, before the final checkpoint (a replay that reached its end closes its minutes). */
  finish?(): void;
  report(): RoleFigures;
  /** One line for stderr when the service stops. */
  summary(checkpoints: number): string;
}

/** How a role is opened: what it resumes from is read first, then the role is built on it. */
export interface RoleOpener<Saved> {
  load(): Promise<Saved>;
  /** `fail` stops the service with an error it cannot continue after. */
  create(saved: Saved, fail: (err: Error) => void): PipelineRole;
}

export class PipelineService {
  private stopping = false;
  private error: Error | null = null;
  private readonly done: Promise<void>;
  private readonly settle: (err: Error | null) => void;
  private readonly role: PipelineRole;
  private readonly feeds = new Map<FeedSource, ConsumerFeed>();
  private readonly cycle: CheckpointCycle;
  private readonly readiness: Readiness;
  private idleTimer: NodeJS.Timeout | null = null;

  /** Read the role's checkpoint and build the service on it, ready to start. */
  static async open<Saved>(
    rt: PipelineRuntime,
    options: EngineRunOptions,
    opener: RoleOpener<Saved>,
  ): Promise<PipelineService> {
    const saved = await opener.load();
    return new PipelineService(rt, options, (fail) => opener.create(saved, fail));
  }

  private constructor(
    private readonly rt: PipelineRuntime,
    private readonly options: EngineRunOptions,
    create: (fail: (err: Error) => void) => PipelineRole,
  ) {
    let settle: (err: Error | null) => void = () => {};
    this.done = new Promise<void>((resolve, reject) => {
      settle = (err) => (err ? reject(err) : resolve());
    });
    this.settle = settle;
    this.done.catch(() => {});
    const role = create((err) => this.fail(err));
    this.role = role;
    // Another process owns the role now: stop, without writing over its newer checkpoints (they are revision-checked).
    if (options.lease) options.lease.onLost = (err) => this.fail(err);
    const { tuning } = options;
    this.cycle = new CheckpointCycle(rt.checkpoints, rt.publisher, {
      tuning,
      msUntilDue: role.msUntilDue?.bind(role),
      capture: () => this.capture(),
      barrier: role.barrier?.bind(role),
      onError: (err) => this.fail(err),
      log: rt.log,
    });
    for (const source of role.sources) {
      this.feeds.set(
        source,
        new ConsumerFeed(
          rt.nats,
          source.spec,
          (msg) => this.receive(source, msg),
          (err) => this.fail(err),
          {
            resumeAfter: source.resumeAfter,
            beforeResync: () => this.cycle.runStrict(),
            log: rt.log,
          },
          tuning,
        ),
      );
    }
    this.readiness = new Readiness(rt.health, role.name, () => this.report());
  }

  /** Attach the consumers and start checkpointing and reporting readiness. */
  async start(): Promise<void> {
    await this.role.prepare?.();
    const ended = this.role.endedAtStart();
    if (ended !== null) return this.finishLater(ended);
    for (const feed of this.feeds.values()) await feed.start();
    this.cycle.start();
    const idle = this.role.idle?.bind(this.role);
    if (!this.options.replay && idle)
      this.idleTimer = setInterval(() => idle(Date.now(), (s) => this.isQuiet(s)), TUNING.idleTickMs);
    await this.readiness.start(this.options.healthPort);
  }

  /** Resolves when the service has stopped cleanly; rejects with the error that stopped it. */
  finished(): Promise<void> {
    return this.done;
  }

  /** Stop fetching, finish what is in flight, checkpoint, ack; idempotent. */
  async stop(reason: string): Promise<void> {
    if (this.stopping) return this.done;
    this.stopping = true;
    this.rt.log.info({ reason }, `stopping: ${reason}`);
    try {
      await this.shutdown();
    } catch (err) {
      this.error ??= err as Error;
    }
    this.settle(this.error);
    return this.done.catch(() => {});
  }

  /** An error the service cannot continue after (its own, or a lost lease): record it and stop. */
  fail(err: Error): void {
    this.error ??= err;
    void this.stop(`error: ${err.message}`);
  }

  summary(): string {
    return this.role.summary(this.cycle.count);
  }

  report(): ReadinessReport {
    const age = Date.now() - this.cycle.lastAt;
    let lag = 0;
    let gaps = 0;
    let missing = 0;
    for (const feed of this.feeds.values()) {
      lag += Number.isNaN(feed.pending) ? 0 : feed.pending;
      gaps += feed.gaps;
      missing += feed.missingMessages;
    }
    return {
      role: this.role.name,
      ready: !this.stopping && isCheckpointFresh(age, this.cycle.pacedMs),
      lagMessages: lag,
      lastCheckpointAgeMs: age,
      checkpoints: this.cycle.count,
      ...this.role.report(),
      updatedAt: new Date().toISOString(),
      streamGaps: gaps,
      missingMessages: missing,
      leaseHeld: this.options.lease?.held ?? null,
    };
  }

  /** Stop on the next turn of the event loop (from inside `start` or a handler). */
  private finishLater(reason: string): void {
    queueMicrotask(() => void this.stop(reason));
  }

  private receive(source: FeedSource, msg: JsMsg): void {
    // A redelivery of what the state already covers, or anything after the stop began, changes nothing.
    if (msg.seq <= source.resumeAfter() || this.stopping) return;
    const stopBecause = source.handle(msg);
    this.cycle.noteMessage();
    if (stopBecause !== null) this.finishLater(stopBecause);
  }

  /** Nothing pending for this consumer and nothing arrived for a tick. */
  private isQuiet(source: FeedSource): boolean {
    const feed = this.feeds.get(source);
    return feed !== undefined && !(feed.pending > 0) && Date.now() - feed.lastMessageAt >= TUNING.idleTickMs;
  }

  private capture(): Capture | null {
    const captured = this.role.capture();
    if (!captured) return null;
    const acks: JsMsg[] = [];
    for (const source of captured.covers) {
      const last = this.feeds.get(source)?.last;
      if (last) acks.push(last);
    }
    return { writes: captured.writes, acks, removes: captured.removes };
  }

  private async shutdown(): Promise<void> {
    if (this.idleTimer) clearInterval(this.idleTimer);
    for (const feed of this.feeds.values()) await feed.stop();
    this.role.finish?.();
    await this.cycle.stop();
    await this.readiness.stop();
  }
}
