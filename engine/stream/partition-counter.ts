// `lizheng engine --partition k/N`: reads settled reports and counts the districts of one partition, one durable
// consumer and one checkpoint per district (so a district can move to another partition with its state),
// and publishes each closed minute to `series.<district>.<topic>`, and its cells (its reports only when incidents
// are tracked) and progress markers to `series.<district>._merge` for the decider.
import type { JsMsg } from '@nats-io/jetstream';
import type { Report } from '../intake/report.ts';
import type { MinuteSeries } from '../windows/minute-series.ts';
import { CheckpointCycle, type Capture } from './checkpoint-cycle.ts';
import { ConsumerFeed, type ConsumerSpec } from './consumer-feed.ts';
import { DistrictUnit } from './district-unit.ts';
import { encodeUnit, loadUnit } from '../checkpoint/pipeline-checkpoints.ts';
import { readIntake } from './intake-message.ts';
import { CHECKPOINT_KEYS, CONSUMERS, STREAMS, SUBJECTS, TUNING } from './nats-names.ts';
import { ownedDistricts, type PartitionPlan } from './partition-plan.ts';
import type { PipelineRuntime } from './pipeline-runtime.ts';
import { Readiness, isCheckpointFresh, type ReadinessReport } from './readiness.ts';
import { publishMerge, publishSeries } from './series-message.ts';
import { ServiceLifecycle, emptyTally, unitCodes, type EngineRunOptions, type EngineTally } from './service-lifecycle.ts';

export const districtSpec = (district: string): ConsumerSpec => ({
  stream: STREAMS.intake, durable: CONSUMERS.district(district), filter: SUBJECTS.intakeDistrict(district),
});

interface Owned {
  readonly unit: DistrictUnit;
  readonly feed: ConsumerFeed;
  dirty: boolean;
}

export class PartitionCounter extends ServiceLifecycle {
  readonly tally: EngineTally = emptyTally();
  private readonly owned = new Map<string, Owned>();
  private cycle!: CheckpointCycle;
  private readiness!: Readiness;
  private idle: NodeJS.Timeout | null = null;
  private markersDue = false;
  private readonly role: string;

  constructor(private readonly rt: PipelineRuntime, private readonly options: EngineRunOptions, private readonly plan: PartitionPlan) {
    super(rt.log);
    this.role = `count.${plan.index}of${plan.count}`;
  }

  async start(): Promise<void> {
    const districts = ownedDistricts(unitCodes(this.options.profile), this.plan);
    this.rt.log(`engine ${this.role}: districts ${districts.map((d) => this.options.profile.districtLabel(d)).join(', ')}`);
    const { tuning } = this.options;
    for (const district of districts) {
      const saved = await loadUnit(this.rt.checkpoints, CHECKPOINT_KEYS.district(district));
      const unit = new DistrictUnit(district, this.options.latenessMs, this.options.trackIncidents, (s, r) => this.closed(district, s, r), saved ?? undefined);
      const feed = new ConsumerFeed(this.rt.nats, districtSpec(district), (m) => this.onMessage(owned, m), (err) => this.fail(err), {
        resumeAfter: () => unit.seq, beforeResync: () => this.cycle.runStrict(), log: this.rt.log,
      }, tuning);
      const owned: Owned = { unit, feed, dirty: false };
      this.owned.set(district, owned);
    }
    this.cycle = new CheckpointCycle(this.rt.checkpoints, this.rt.publisher, {
      tuning, msUntilDue: () => this.msUntilClose(),
      capture: () => this.capture(), onError: (err) => this.fail(err), log: this.rt.log,
    });
    this.readiness = new Readiness(this.rt.health, this.role, () => this.report());
    if (this.options.replay && this.allEnded()) return this.finishLater('every owned district had already ended');
    for (const o of this.owned.values()) await o.feed.start();
    this.cycle.start();
    if (!this.options.replay) this.idle = setInterval(() => this.idleTick(), TUNING.idleTickMs);
    await this.readiness.start(this.options.healthPort);
  }

  private onMessage(o: Owned, msg: JsMsg): void {
    const { unit } = o;
    if (msg.seq <= unit.seq || this.stopping) return;
    unit.seq = msg.seq;
    o.dirty = true;
    this.tally.processed++;
    const incoming = readIntake(msg, this.options.profile);
    switch (incoming.kind) {
      case 'report':
        this.tally[unit.ingest(incoming.report, incoming.sourceTime)]++;
        break;
      case 'poison':
        this.tally.poison++;
        this.rt.dead.reject(msg, incoming.reason);
        break;
      case 'clock':
        unit.advance(incoming.sourceTime);
        break;
      case 'end':
        if (this.options.replay) unit.end(incoming.sourceTime);
        else unit.advance(incoming.sourceTime);
        break;
    }
    this.scheduleMarkers();
    this.cycle.noteMessage();
    if (this.options.replay && unit.ended && this.allEnded()) this.finishLater('end of the replayed feed');
  }

  /** A unit closed a minute: its cells for the live view and the decider, its reports only for incident tracking. */
  private closed(district: string, series: MinuteSeries, reports: readonly Report[]): void {
    publishSeries(this.rt.publisher, series, (t) => this.options.clock.format(t));
    if (series.cells.length > 0) {
      publishMerge(this.rt.publisher, { kind: 'minute', district, minute: series.minute, cells: series.cells, ...(this.options.trackIncidents ? { reports } : {}) });
    }
  }

  /** Markers go out once per turn of the event loop, after the cells they count. */
  private scheduleMarkers(): void {
    if (this.markersDue) return;
    this.markersDue = true;
    setImmediate(() => this.publishMarkers());
  }

  private publishMarkers(): void {
    this.markersDue = false;
    for (const { unit } of this.owned.values()) {
      const marker = unit.takeMarker();
      if (marker) publishMerge(this.rt.publisher, marker);
    }
  }

  /** Live mode: until the first of the owned districts closes a minute (see WholeCityEngine.msUntilClose). */
  private msUntilClose(): number {
    if (this.options.replay) return Infinity;
    let soonest = Infinity;
    for (const { unit } of this.owned.values()) soonest = Math.min(soonest, unit.untilNextClose);
    return soonest;
  }

  /** Live mode: an idle district follows the wall clock, so the decider is never held up by it. */
  private idleTick(): void {
    const now = Date.now();
    for (const o of this.owned.values()) {
      if (o.feed.pending > 0 || now - o.feed.lastMessageAt < TUNING.idleTickMs) continue;
      o.unit.advance(now);
      o.dirty = true;
    }
    this.publishMarkers();
  }

  private allEnded(): boolean {
    for (const { unit } of this.owned.values()) if (!unit.ended) return false;
    return true;
  }

  private capture(): Capture | null {
    this.publishMarkers();
    const writes: Array<[string, string]> = [];
    const acks: JsMsg[] = [];
    for (const o of this.owned.values()) {
      if (!o.dirty) continue;
      o.dirty = false;
      writes.push([CHECKPOINT_KEYS.district(o.unit.district), encodeUnit(o.unit.state())]);
      if (o.feed.last) acks.push(o.feed.last);
    }
    return writes.length > 0 ? { writes, acks } : null;
  }

  protected async shutdown(): Promise<void> {
    if (this.idle) clearInterval(this.idle);
    for (const o of this.owned.values()) await o.feed.stop();
    await this.cycle.stop();
    await this.readiness.stop();
  }

  summary(): string {
    const t = this.tally;
    return `engine ${this.role}: ${t.processed} messages, ${t.counted} counted, ${t.duplicate} duplicates, ${t.late} late, ${t.poison} poison; ${this.cycle.count} checkpoints`;
  }

  report(): ReadinessReport {
    const age = Date.now() - this.cycle.lastAt;
    let lag = 0;
    for (const o of this.owned.values()) lag += Number.isNaN(o.feed.pending) ? 0 : o.feed.pending;
    return {
      role: this.role, ready: !this.stopping && isCheckpointFresh(age, this.cycle.pacedMs), lagMessages: lag, lastCheckpointAgeMs: age,
      checkpoints: this.cycle.count, processed: this.tally.processed, poison: this.tally.poison, watermark: null,
      updatedAt: new Date().toISOString(), districts: [...this.owned.keys()], tally: this.tally, leaseHeld: this.options.lease?.held ?? null,
    };
  }
}
