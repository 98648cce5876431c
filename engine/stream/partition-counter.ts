// `lizheng engine --partition k/N`: reads settled reports and counts the districts of one partition, one durable
// consumer and one checkpoint per district (so a district can move to another partition with its state),
// and publishes each closed minute to `series.<district>.<topic>`, and its cells (its reports only when incidents
// are tracked) and progress markers to `series.<district>._merge` for the decider.
import type { JsMsg } from '@nats-io/jetstream';
import type { Report } from '../intake/report.ts';
import type { MinuteSeries } from '../windows/minute-series.ts';
import type { ConsumerSpec } from './consumer-feed.ts';
import { DistrictUnit, type UnitState } from './district-unit.ts';
import { encodeUnit, loadUnit } from '../checkpoint/pipeline-checkpoints.ts';
import { readIntake } from './intake-message.ts';
import { CHECKPOINT_KEYS, CONSUMERS, STREAMS, SUBJECTS } from './nats-names.ts';
import { ownedDistricts, type PartitionPlan } from './partition-plan.ts';
import {
  PipelineService,
  type Captured,
  type FeedSource,
  type PipelineRole,
  type RoleFigures,
} from './pipeline-service.ts';
import type { PipelineRuntime } from './pipeline-runtime.ts';
import { publishMerge, publishSeries } from './series-message.ts';
import { admitIntake, emptyTally, unitCodes, type EngineRunOptions, type EngineTally } from './service-lifecycle.ts';

export const districtSpec = (district: string): ConsumerSpec => ({
  stream: STREAMS.intake,
  durable: CONSUMERS.district(district),
  filter: SUBJECTS.intakeDistrict(district),
});

/** An owned district: its counting unit, read by its own consumer. */
interface Owned extends FeedSource {
  readonly unit: DistrictUnit;
  dirty: boolean;
}

/** One partition's role in a PipelineService: a counting unit and a consumer per owned district. */
export class PartitionCounter implements PipelineRole {
  readonly name: string;
  readonly sources: readonly Owned[];
  private readonly tally: EngineTally = emptyTally();
  private markersDue = false;

  /** The counter of partition `plan`, every owned district built on its checkpoint, ready to start. */
  static open(rt: PipelineRuntime, options: EngineRunOptions, plan: PartitionPlan): Promise<PipelineService> {
    return PipelineService.open(rt, options, {
      load: () => loadDistricts(rt, options, plan),
      create: (saved) => new PartitionCounter(rt, options, plan, saved),
    });
  }

  private constructor(
    private readonly rt: PipelineRuntime,
    private readonly options: EngineRunOptions,
    plan: PartitionPlan,
    saved: ReadonlyMap<string, UnitState | null>,
  ) {
    this.name = partitionRole(plan);
    this.sources = [...saved].map(([district, state]) => {
      const unit = new DistrictUnit(
        district,
        options.latenessMs,
        options.trackIncidents,
        (s, r) => this.closed(district, s, r),
        state ?? undefined,
      );
      const owned: Owned = {
        spec: districtSpec(district),
        resumeAfter: () => unit.seq,
        handle: (msg) => this.handle(owned, msg),
        unit,
        dirty: false,
      };
      return owned;
    });
  }

  endedAtStart(): string | null {
    return this.options.replay && this.allEnded() ? 'every owned district had already ended' : null;
  }

  private handle(o: Owned, msg: JsMsg): string | null {
    const { unit } = o;
    unit.seq = msg.seq;
    o.dirty = true;
    const incoming = admitIntake(msg, readIntake(msg, this.options.profile), this.tally, this.rt.dead);
    switch (incoming?.kind) {
      case 'report':
        this.tally[unit.ingest(incoming.report, incoming.sourceTime)]++;
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
    return this.options.replay && unit.ended && this.allEnded() ? 'end of the replayed feed' : null;
  }

  /** A unit closed a minute: its cells for the live view and the decider, its reports only for incident tracking. */
  private closed(district: string, series: MinuteSeries, reports: readonly Report[]): void {
    publishSeries(this.rt.publisher, series, (t) => this.options.clock.format(t));
    if (series.cells.length > 0) {
      publishMerge(this.rt.publisher, {
        kind: 'minute',
        district,
        minute: series.minute,
        cells: series.cells,
        ...(this.options.trackIncidents ? { reports } : {}),
      });
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
    for (const { unit } of this.sources) {
      const marker = unit.takeMarker();
      if (marker) publishMerge(this.rt.publisher, marker);
    }
  }

  /** Live mode: until the first of the owned districts closes a minute (see WholeCityEngine.msUntilClose). */
  msUntilDue(): number {
    if (this.options.replay) return Infinity;
    let soonest = Infinity;
    for (const { unit } of this.sources) soonest = Math.min(soonest, unit.untilNextClose);
    return soonest;
  }

  /** Live mode: an idle district follows the wall clock, so the decider is never held up by it. */
  idle(now: number, quiet: (source: FeedSource) => boolean): void {
    for (const o of this.sources) {
      if (!quiet(o)) continue;
      o.unit.advance(now);
      o.dirty = true;
    }
    this.publishMarkers();
  }

  private allEnded(): boolean {
    for (const { unit } of this.sources) if (!unit.ended) return false;
    return true;
  }

  capture(): Captured | null {
    this.publishMarkers();
    const writes: Array<[string, string]> = [];
    const covers: Owned[] = [];
    for (const o of this.sources) {
      if (!o.dirty) continue;
      o.dirty = false;
      writes.push([CHECKPOINT_KEYS.district(o.unit.district), encodeUnit(o.unit.state())]);
      covers.push(o);
    }
    return writes.length > 0 ? { writes, covers } : null;
  }

  summary(checkpoints: number): string {
    const t = this.tally;
    return (
      `engine ${this.name}: ${t.processed} messages, ${t.counted} counted, ${t.duplicate} duplicates, ${t.late} ` +
      `late, ${t.poison} poison; ${checkpoints} checkpoints`
    );
  }

  report(): RoleFigures {
    return {
      processed: this.tally.processed,
      poison: this.tally.poison,
      watermark: null,
      districts: this.sources.map((o) => o.unit.district),
      tally: this.tally,
    };
  }
}

const partitionRole = (plan: PartitionPlan): string => `count.${plan.index}of${plan.count}`;

/** The checkpoint of each district partition `plan` owns (null where it has none yet), in district order. */
async function loadDistricts(
  rt: PipelineRuntime,
  options: EngineRunOptions,
  plan: PartitionPlan,
): Promise<Map<string, UnitState | null>> {
  const districts = ownedDistricts(unitCodes(options.profile), plan);
  rt.log.info(
    { role: partitionRole(plan), districts },
    `engine ${partitionRole(plan)}: districts ${districts.map((d) => options.profile.districtLabel(d)).join(', ')}`,
  );
  const saved = new Map<string, UnitState | null>();
  for (const district of districts)
    saved.set(district, await loadUnit(rt.checkpoints, CHECKPOINT_KEYS.district(district)));
  return saved;
}
