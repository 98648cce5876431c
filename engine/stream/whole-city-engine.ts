// The whole city in one process: one durable consumer on every intake subject feeding the same
// DetectEngine that `lizheng detect` runs, so a replay through NATS gives detect's alerts byte for byte.
import type { JsMsg } from '@nats-io/jetstream';
import type { DetectEngine } from '../detect-engine.ts';
import { createDetectEngine } from './engine-factory.ts';
import type { MinuteSeries } from '../windows/minute-series.ts';
import { BlockWriter } from '../checkpoint/block-writer.ts';
import { encodeWhole, loadWhole } from '../checkpoint/pipeline-checkpoints.ts';
import { CheckpointCycle, type Capture } from './checkpoint-cycle.ts';
import { ConsumerFeed, type ConsumerSpec } from './consumer-feed.ts';
import { readIntake } from './intake-message.ts';
import { CHECKPOINT_KEYS, CONSUMERS, STREAMS, SUBJECTS, TUNING } from './nats-names.ts';
import type { PipelineRuntime } from './pipeline-runtime.ts';
import { Readiness, isCheckpointFresh, type ReadinessReport } from './readiness.ts';
import { ServiceLifecycle, type EngineRunOptions, type EngineTally, emptyTally, formatTally, tallySince, unitCodes } from './service-lifecycle.ts';
import { publishAlert, publishSeries } from './series-message.ts';
import { StoreSink } from './store-sink.ts';
import { warmStartFromStore } from './store-warm-start.ts';
import type { Report } from '../intake/report.ts';
import { EventTimeGate, quarantineMessage } from '../windows/event-time-gate.ts';

/** A report the event-time gate may hold, with what its dead letter needs should it be quarantined. */
interface GatedIntake {
  readonly report: Report;
  readonly seq: number;
  readonly subject: string;
}

const encoder = new TextEncoder();

export const WHOLE_CITY_SPEC: ConsumerSpec = { stream: STREAMS.intake, durable: CONSUMERS.whole, filter: SUBJECTS.intakeAll };

export class WholeCityEngine extends ServiceLifecycle {
  tally: EngineTally = emptyTally();
  /** The tally restored from the checkpoint, so the summary tells this run's counts apart. */
  private restoredTally: EngineTally = emptyTally();
  private engine!: DetectEngine;
  private gate!: EventTimeGate<GatedIntake>;
  private seq = 0;
  private ended = new Set<string>();
  private feed!: ConsumerFeed;
  private cycle!: CheckpointCycle;
  private readiness!: Readiness;
  private idle: NodeJS.Timeout | null = null;
  private dirty = false;
  private pendingSeries: MinuteSeries[] = [];
  private sink: StoreSink | null = null;
  private blocks!: BlockWriter;
  private readonly units: number;

  constructor(private readonly rt: PipelineRuntime, private readonly options: EngineRunOptions) {
    super(rt.log);
    this.units = unitCodes(options.profile).length;
  }

  async start(): Promise<void> {
    const { tuning } = this.options;
    const saved = await loadWhole(this.rt.checkpoints, CHECKPOINT_KEYS.whole);
    const { store } = this.options;
    if (store) this.sink = new StoreSink(store.writer, (err) => this.fail(err), this.rt.log);
    this.engine = createDetectEngine(this.options, {
      latenessMs: this.options.latenessMs,
      onAlert: (e) => {
        publishAlert(this.rt.publisher, e);
        this.sink?.alert(e);
        this.options.onAlert?.(e);
      },
      onSeries: (s) => {
        this.sink?.series(s);
        this.deferSeries(s);
      },
    }, saved?.engine);
    this.blocks = new BlockWriter(`${CHECKPOINT_KEYS.whole}.blocks`, saved?.blocks);
    this.seq = saved?.seq ?? 0;
    this.ended = new Set(saved?.ended ?? []);
    this.tally = { ...emptyTally(), ...saved?.tally };
    this.restoredTally = structuredClone(this.tally);
    this.gate = new EventTimeGate<GatedIntake>(this.options.gate ?? {}, {
      pass: ({ report }) => this.count(report),
      quarantine: ({ report, seq, subject }, reason, detail) => {
        this.tally.quarantined[reason]++;
        this.rt.dead.rejectData(STREAMS.intake, subject, seq, encoder.encode(JSON.stringify(report.raw)), quarantineMessage(report.raw.receivedAt, reason, detail));
      },
    }, saved?.gate);
    if (saved) this.rt.log(`engine: restored checkpoint through INTAKE seq ${saved.seq}`);
    else if (store) await this.warmStart(store);
    const sink = this.sink;
    this.cycle = new CheckpointCycle(this.rt.checkpoints, this.rt.publisher, {
      tuning, msUntilDue: () => this.msUntilClose(),
      capture: () => this.capture(), barrier: sink ? () => sink.barrier() : undefined, onError: (err) => this.fail(err), log: this.rt.log,
    });
    this.feed = new ConsumerFeed(this.rt.nats, WHOLE_CITY_SPEC, (m) => this.onMessage(m), (err) => this.fail(err), {
      resumeAfter: () => this.seq, beforeResync: () => this.cycle.runStrict(), log: this.rt.log,
    }, tuning);
    this.readiness = new Readiness(this.rt.health, 'engine.all', () => this.report());
    if (this.options.replay && this.ended.size >= this.units) return this.finishLater('the replayed feed had already ended');
    await this.feed.start();
    this.cycle.start();
    if (!this.options.replay) this.idle = setInterval(() => this.idleTick(), TUNING.idleTickMs);
    await this.readiness.start(this.options.healthPort);
  }

  private onMessage(msg: JsMsg): void {
    if (msg.seq <= this.seq || this.stopping) return;
    this.seq = msg.seq;
    this.dirty = true;
    this.tally.processed++;
    const incoming = readIntake(msg, this.options.profile, false);
    switch (incoming.kind) {
      case 'report':
        // Live, the wall clock bounds event time too; a replay never reads it.
        this.gate.offer({ report: incoming.report, seq: msg.seq, subject: msg.subject }, incoming.report.t, this.options.replay ? undefined : Date.now());
        break;
      case 'poison':
        this.tally.poison++;
        this.rt.dead.reject(msg, incoming.reason);
        break;
      case 'clock':
        // One consumer sees every report in stream order: the counter already knows this time.
        break;
      case 'end':
        this.ended.add(incoming.district);
        if (this.options.replay && this.ended.size >= this.units) this.finishLater('end of the replayed feed');
        break;
    }
    this.cycle.noteMessage();
  }

  /** A report the event-time gate let through. */
  private count(report: Report): void {
    const outcome = this.engine.ingest(report);
    this.tally[outcome]++;
    if (outcome !== 'duplicate') this.sink?.report(report, outcome === 'late');
  }

  /**
   * No checkpoint: learn the store's last four weeks of hourly counts. Not in replay mode, where the
   * feed's event time is unknown until its first report and the wall clock says nothing about it.
   */
  private async warmStart(store: NonNullable<EngineRunOptions['store']>): Promise<void> {
    if (this.options.replay) {
      this.rt.log('engine: replay mode, no warm start from the store');
      return;
    }
    const days = await warmStartFromStore(this.engine.decider, store, Date.now());
    this.rt.log(`engine: warm start learned ${days} days of hourly counts from the store`);
  }

  /**
   * Live mode: until the next minute closes (event time runs with the wall clock), so a checkpoint does not
   * hold up its alerts. A replay's event time runs far ahead of the clock: nothing is put off for it.
   */
  private msUntilClose(): number {
    return this.options.replay ? Infinity : this.engine.counter.untilNextClose;
  }

  /** Live mode: with nothing pending and nothing arriving, let the wall clock close minutes. */
  private idleTick(): void {
    if (this.feed.pending !== 0 && !Number.isNaN(this.feed.pending)) return;
    if (Date.now() - this.feed.lastMessageAt < TUNING.idleTickMs) return;
    const now = Date.now();
    this.gate.advanceTo(now);
    this.engine.tick(now);
    this.dirty = true;
  }

  /**
   * Alerts are what someone waits for: a closed minute's series is published after the alerts it
   * led to (on the next turn of the event loop), not before them.
   */
  private deferSeries(series: MinuteSeries): void {
    if (this.pendingSeries.length === 0) setImmediate(() => this.publishPendingSeries());
    this.pendingSeries.push(series);
  }

  private publishPendingSeries(): void {
    const format = (t: number) => this.options.clock.format(t);
    for (const s of this.pendingSeries) publishSeries(this.rt.publisher, s, format);
    this.pendingSeries = [];
  }

  /**
   * The state at this instant: long lists and closed minutes as blocks, each written once (engine/checkpoint/),
   * so a capture costs about what arrived since the last one; the head that references them is written last.
   */
  private capture(): Capture | null {
    this.publishPendingSeries();
    if (!this.dirty) return null;
    this.dirty = false;
    const { head, changes } = encodeWhole({ seq: this.seq, engine: this.engine.state(), ended: [...this.ended], tally: this.tally, gate: this.gate.state() }, this.blocks);
    return { writes: [...changes.writes, [CHECKPOINT_KEYS.whole, head]], acks: this.feed.last ? [this.feed.last] : [], removes: changes.removes };
  }

  protected async shutdown(): Promise<void> {
    if (this.idle) clearInterval(this.idle);
    await this.feed.stop();
    if (this.options.replay && this.ended.size >= this.units) {
      this.gate.flush();
      this.engine.flush();
      this.dirty = true;
    }
    await this.cycle.stop();
    await this.readiness.stop();
  }

  summary(): string {
    const k = this.engine.alertsByKind;
    const restored = this.restoredTally.processed > 0 ? `; since the checkpoint's start: ${formatTally(this.tally)}` : '';
    return `engine: ${restored ? 'this run: ' : ''}${formatTally(tallySince(this.tally, this.restoredTally))}${restored}; ` +
      `alerts opened: ${k.surge} surge, ${k.incident} incident, ${k.citywide} citywide; ${this.cycle.count} checkpoints`;
  }

  report(): ReadinessReport {
    const age = Date.now() - this.cycle.lastAt;
    const wm = this.engine.counter.watermark;
    return {
      role: 'engine.all',
      ready: !this.stopping && isCheckpointFresh(age, this.cycle.pacedMs),
      lagMessages: Number.isNaN(this.feed.pending) ? 0 : this.feed.pending,
      lastCheckpointAgeMs: age,
      checkpoints: this.cycle.count,
      processed: this.tally.processed,
      poison: this.tally.poison,
      watermark: Number.isFinite(wm) ? this.options.clock.format(wm) : null,
      updatedAt: new Date().toISOString(),
      seq: this.seq,
      tally: this.tally,
      streamGaps: this.feed.gaps,
      missingMessages: this.feed.missingMessages,
      leaseHeld: this.options.lease?.held ?? null,
    };
  }
}
