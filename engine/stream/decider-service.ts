// `lizheng engine --decider`: the one citywide process of a partitioned engine. It reads every district's
// `series.<district>._merge` with its own durable consumer, merges the closed minutes in minute order and
// runs them through the same DetectEngine as `lizheng detect` (decider, incidents, links) — so the alerts
// are those one whole-city engine would raise.
import type { JsMsg } from '@nats-io/jetstream';
import type { DetectEngine } from '../detect-engine.ts';
import { encodeDecider, loadDecider } from '../checkpoint/pipeline-checkpoints.ts';
import { CheckpointCycle, type Capture } from './checkpoint-cycle.ts';
import { ConsumerFeed, type ConsumerSpec } from './consumer-feed.ts';
import { CHECKPOINT_KEYS, CONSUMERS, STREAMS, SUBJECTS } from './nats-names.ts';
import type { PipelineRuntime } from './pipeline-runtime.ts';
import { Readiness, isCheckpointFresh, type ReadinessReport } from './readiness.ts';
import { SeriesMerger } from './series-merger.ts';
import { publishAlert, readMerge } from './series-message.ts';
import { createDetectEngine } from './engine-factory.ts';
import { ServiceLifecycle, unitCodes, type EngineRunOptions } from './service-lifecycle.ts';

export const DECIDER_SPEC: ConsumerSpec = { stream: STREAMS.series, durable: CONSUMERS.decider, filter: SUBJECTS.mergeAll };

export class DeciderService extends ServiceLifecycle {
  private merger!: SeriesMerger;
  private engine!: DetectEngine;
  private seq = 0;
  private minutes = 0;
  private alerts = 0;
  /** Minutes and alert events restored from the checkpoint, so the summary tells this run's apart. */
  private restored = { minutes: 0, alerts: 0 };
  private bad = 0;
  private dirty = false;
  private feed!: ConsumerFeed;
  private cycle!: CheckpointCycle;
  private readiness!: Readiness;

  constructor(private readonly rt: PipelineRuntime, private readonly options: EngineRunOptions) {
    super(rt.log);
  }

  async start(): Promise<void> {
    const { profile, tuning } = this.options;
    const saved = await loadDecider(this.rt.checkpoints, CHECKPOINT_KEYS.decider);
    this.merger = new SeriesMerger(unitCodes(profile), saved?.merger);
    // Minutes arrive counted and closed (DetectEngine.decide): this engine's counter stays empty.
    this.engine = createDetectEngine(this.options, {
      latenessMs: 0,
      onAlert: (event) => {
        this.alerts++;
        publishAlert(this.rt.publisher, event);
        this.options.onAlert?.(event);
      },
    }, saved?.engine);
    this.seq = saved?.seq ?? 0;
    this.minutes = saved?.minutes ?? 0;
    this.alerts = saved?.alerts ?? 0;
    this.restored = { minutes: this.minutes, alerts: this.alerts };
    this.cycle = new CheckpointCycle(this.rt.checkpoints, this.rt.publisher, {
      tuning,
      capture: () => this.capture(), onError: (err) => this.fail(err), log: this.rt.log,
    });
    this.feed = new ConsumerFeed(this.rt.nats, DECIDER_SPEC, (m) => this.onMessage(m), (err) => this.fail(err), {
      resumeAfter: () => this.seq, beforeResync: () => this.cycle.runStrict(), log: this.rt.log,
    }, tuning);
    this.readiness = new Readiness(this.rt.health, 'decide', () => this.report());
    if (this.options.replay && this.merger.finished) return this.finishLater('the replayed feed had already ended');
    await this.feed.start();
    this.cycle.start();
    await this.readiness.start(this.options.healthPort);
  }

  private onMessage(msg: JsMsg): void {
    if (msg.seq <= this.seq || this.stopping) return;
    this.seq = msg.seq;
    this.dirty = true;
    const incoming = readMerge(msg);
    if (incoming.kind === 'poison') {
      this.bad++;
      this.rt.log(`decider: ignoring ${msg.subject} seq ${msg.seq}: ${incoming.reason}`);
    } else if (incoming.kind === 'minute') this.merger.addMinute(incoming);
    else this.merger.addMarker(incoming);
    for (const { series, reports } of this.merger.release()) {
      this.minutes++;
      // Counted by the partitions already: the closed minute goes straight to the deciding half.
      this.engine.decide(series, reports);
    }
    this.cycle.noteMessage();
    if (this.options.replay && this.merger.finished) this.finishLater('every district reached the end of the replayed feed');
  }

  private capture(): Capture | null {
    if (!this.dirty) return null;
    this.dirty = false;
    const head = encodeDecider({ seq: this.seq, merger: this.merger.snapshot(), engine: this.engine.state(), minutes: this.minutes, alerts: this.alerts });
    return { writes: [[CHECKPOINT_KEYS.decider, head]], acks: this.feed.last ? [this.feed.last] : [] };
  }

  protected async shutdown(): Promise<void> {
    await this.feed.stop();
    await this.cycle.stop();
    await this.readiness.stop();
  }

  summary(): string {
    const run = `${this.minutes - this.restored.minutes} minutes decided, ${this.alerts - this.restored.alerts} alert events, ${this.bad} unreadable series messages`;
    const since = this.restored.minutes > 0 ? `; since the checkpoint's start: ${this.minutes} minutes decided, ${this.alerts} alert events` : '';
    return `engine decide: ${since ? 'this run: ' : ''}${run}${since}; ${this.cycle.count} checkpoints`;
  }

  report(): ReadinessReport {
    const age = Date.now() - this.cycle.lastAt;
    return {
      role: 'decide', ready: !this.stopping && isCheckpointFresh(age, this.cycle.pacedMs), lagMessages: Number.isNaN(this.feed.pending) ? 0 : this.feed.pending,
      lastCheckpointAgeMs: age, checkpoints: this.cycle.count, processed: this.seq, poison: this.bad, watermark: null,
      updatedAt: new Date().toISOString(), minutesDecided: this.minutes, leaseHeld: this.options.lease?.held ?? null,
    };
  }
}
