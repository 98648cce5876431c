// The whole city in one process: one durable consumer on every intake subject feeding the same
// DetectEngine that `lizheng detect` runs, so a replay through NATS gives detect's alerts byte for byte.
import type { JsMsg } from '@nats-io/jetstream';
import type { DetectEngine } from '../detect-engine.ts';
import { assembleEngine } from '../assemble-engine.ts';
import type { MinuteSeries } from '../windows/minute-series.ts';
import { BlockWriter } from '../checkpoint/block-writer.ts';
import { encodeWhole, loadWhole } from '../checkpoint/pipeline-checkpoints.ts';
import type { ConsumerSpec } from './consumer-feed.ts';
import { readCountedIntake } from './intake-head.ts';
import { readIntake, type Incoming } from './intake-message.ts';
import { CHECKPOINT_KEYS, CONSUMERS, STREAMS, SUBJECTS } from './nats-names.ts';
import {
  PipelineService,
  type Captured,
  type FeedSource,
  type PipelineRole,
  type RoleFigures,
} from './pipeline-service.ts';
import type { PipelineRuntime } from './pipeline-runtime.ts';
import {
  type EngineRunOptions,
  type EngineTally,
  admitIntake,
  emptyTally,
  formatTally,
  tallySince,
  unitCodes,
} from './service-lifecycle.ts';
import { publishAlert, publishSeries } from './series-message.ts';
import { StoreSink } from './store-sink.ts';
import { warmStartFromStore } from './store-warm-start.ts';
import { isWholeReport, type CountedReport, type Report } from '../intake/report.ts';
import { EventTimeGate, quarantineMessage, type GateState } from '../time/event-time-gate.ts';

/**
 * A report the event-time gate may hold, with what its dead letter needs should it be quarantined. Only its counted
 * fields when the engine reads for counting only and the gate lets it through at once (see read).
 */
interface GatedIntake {
  readonly report: CountedReport;
  readonly seq: number;
  readonly subject: string;
}

/** A report the engine read whole: every one it keeps, stores or dead-letters (see read). */
function whole(report: CountedReport): Report {
  if (!isWholeReport(report)) throw new Error(`engine: report ${report.id} was read for counting only, needed whole`);
  return report;
}

/** The gate's state for a checkpoint: what it holds was read whole, as a held report must be stored. */
function heldWhole(state: GateState<GatedIntake>): GateState<GatedIntake & { readonly report: Report }> {
  return { ...state, held: state.held.map((h) => ({ ...h, item: { ...h.item, report: whole(h.item.report) } })) };
}

const encoder = new TextEncoder();

export const WHOLE_CITY_SPEC: ConsumerSpec = {
  stream: STREAMS.intake,
  durable: CONSUMERS.whole,
  filter: SUBJECTS.intakeAll,
};

/** The whole-city checkpoint as read back (engine/checkpoint/pipeline-checkpoints.ts). */
type SavedWhole = NonNullable<Awaited<ReturnType<typeof loadWhole>>>;

/** The whole city's role in a PipelineService: the gate, then the DetectEngine, on every INTAKE message. */
export class WholeCityEngine implements PipelineRole {
  readonly name = 'engine.all';
  readonly sources: readonly FeedSource[] = [
    { spec: WHOLE_CITY_SPEC, resumeAfter: () => this.seq, handle: (msg) => this.handle(msg) },
  ];
  private readonly tally: EngineTally;
  /** The tally restored from the checkpoint, so the summary tells this run's counts apart. */
  private readonly restoredTally: EngineTally;
  private readonly engine: DetectEngine;
  private readonly gate: EventTimeGate<GatedIntake>;
  private seq: number;
  private readonly ended: Set<string>;
  private dirty = false;
  private pendingSeries: MinuteSeries[] = [];
  private readonly sink: StoreSink | null;
  private readonly blocks: BlockWriter;
  private readonly units: number;
  /** Whether anything reads more of a report than its counted fields: the store, or the incident tracker. */
  private readonly readsWhole: boolean;

  /** The whole-city engine, built on its checkpoint and ready to start. */
  static open(rt: PipelineRuntime, options: EngineRunOptions): Promise<PipelineService> {
    return PipelineService.open(rt, options, {
      load: () => loadWhole(rt.checkpoints, CHECKPOINT_KEYS.whole),
      create: (saved, fail) => new WholeCityEngine(rt, options, saved, fail),
    });
  }

  private constructor(
    private readonly rt: PipelineRuntime,
    private readonly options: EngineRunOptions,
    private readonly saved: SavedWhole | null,
    fail: (err: Error) => void,
  ) {
    this.units = unitCodes(options.profile).length;
    const { store } = options;
    this.sink = store ? new StoreSink(store.writer, fail, rt.log) : null;
    this.readsWhole = store !== undefined || options.trackIncidents;
    this.engine = assembleEngine(
      options,
      {
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
      },
      saved?.engine,
    );
    this.blocks = new BlockWriter(`${CHECKPOINT_KEYS.whole}.blocks`, saved?.blocks);
    this.seq = saved?.seq ?? 0;
    this.ended = new Set(saved?.ended ?? []);
    this.tally = { ...emptyTally(), ...saved?.tally };
    this.restoredTally = structuredClone(this.tally);
    this.gate = new EventTimeGate<GatedIntake>(
      this.options.gate ?? {},
      {
        pass: ({ report }) => this.count(report),
        quarantine: ({ report, seq, subject }, reason, detail) => {
          const { raw } = whole(report);
          this.tally.quarantined[reason]++;
          this.rt.dead.rejectData(
            STREAMS.intake,
            subject,
            seq,
            encoder.encode(JSON.stringify(raw)),
            quarantineMessage(raw.receivedAt, reason, detail),
          );
        },
      },
      saved?.gate,
    );
    if (saved) rt.log.info({ seq: saved.seq }, `engine: restored checkpoint through INTAKE seq ${saved.seq}`);
  }

  /** Without a checkpoint, a store to learn from first (see warmStart). */
  async prepare(): Promise<void> {
    if (!this.saved && this.options.store) await this.warmStart(this.options.store);
  }

  endedAtStart(): string | null {
    return this.options.replay && this.ended.size >= this.units ? 'the replayed feed had already ended' : null;
  }

  barrier(): Promise<void> {
    return this.sink?.barrier() ?? Promise.resolve();
  }

  private handle(msg: JsMsg): string | null {
    this.seq = msg.seq;
    this.dirty = true;
    // Live, the wall clock bounds event time too; a replay never reads it.
    const now = this.options.replay ? undefined : Date.now();
    const incoming = admitIntake(msg, this.read(msg, now), this.tally, this.rt.dead);
    switch (incoming?.kind) {
      case 'report':
        this.gate.offer({ report: incoming.report, seq: msg.seq, subject: msg.subject }, incoming.report.t, now);
        break;
      case 'clock':
        // One consumer sees every report in stream order: the counter already knows this time.
        break;
      case 'end':
        this.ended.add(incoming.district);
        if (this.options.replay && this.ended.size >= this.units) return 'end of the replayed feed';
        break;
    }
    return null;
  }

  /**
   * One INTAKE message, read as far as the engine needs it. Counting alone needs a report's counted fields, read from
   * the settled report's head (intake-head.ts: about half the cost of the whole read). A report is read whole where
   * more of it is read: by the store or the incident tracker, or when the gate would hold it (its checkpoint keeps it
   * whole) or quarantine it (its dead letter is the raw report) — so the whole read's verdict, poison included, counts.
   */
  private read(msg: JsMsg, now: number | undefined): Incoming<CountedReport> {
    const { profile } = this.options;
    if (this.readsWhole) return readIntake(msg, profile, false);
    const counted = readCountedIntake(msg, profile);
    if (counted.kind !== 'report' || this.gate.passesAtOnce(counted.report.t, now)) return counted;
    return readIntake(msg, profile, false);
  }

  /** A report the event-time gate let through. */
  private count(report: CountedReport): void {
    const outcome = this.engine.ingest(report);
    this.tally[outcome]++;
    if (outcome !== 'duplicate') this.sink?.report(whole(report), outcome === 'late');
  }

  /**
   * No checkpoint: learn the store's last four weeks of hourly counts. Not in replay mode, where the
   * feed's event time is unknown until its first report and the wall clock says nothing about it.
   */
  private async warmStart(store: NonNullable<EngineRunOptions['store']>): Promise<void> {
    if (this.options.replay) {
      this.rt.log.info('engine: replay mode, no warm start from the store');
      return;
    }
    const days = await warmStartFromStore(this.engine.decider, store, Date.now());
    this.rt.log.info({ days }, `engine: warm start learned ${days} days of hourly counts from the store`);
  }

  /**
   * Live mode: until the next minute closes (event time runs with the wall clock), so a checkpoint does not
   * hold up its alerts. A replay's event time runs far ahead of the clock: nothing is put off for it.
   */
  msUntilDue(): number {
    return this.options.replay ? Infinity : this.engine.counter.untilNextClose;
  }

  /** Live mode: with nothing pending and nothing arriving, let the wall clock close minutes. */
  idle(now: number, quiet: (source: FeedSource) => boolean): void {
    if (!quiet(this.sources[0])) return;
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
  capture(): Captured | null {
    this.publishPendingSeries();
    if (!this.dirty) return null;
    this.dirty = false;
    const { head, changes } = encodeWhole(
      {
        seq: this.seq,
        engine: this.engine.state(),
        ended: [...this.ended],
        tally: this.tally,
        gate: heldWhole(this.gate.state()),
      },
      this.blocks,
    );
    return {
      writes: [...changes.writes, [CHECKPOINT_KEYS.whole, head]],
      covers: this.sources,
      removes: changes.removes,
    };
  }

  /** A replay that reached its end: whatever the gate holds is judged, and every open minute closes. */
  finish(): void {
    if (!this.options.replay || this.ended.size < this.units) return;
    this.gate.flush();
    this.engine.flush();
    this.dirty = true;
  }

  summary(checkpoints: number): string {
    const k = this.engine.alertsByKind;
    const restored =
      this.restoredTally.processed > 0 ? `; since the checkpoint's start: ${formatTally(this.tally)}` : '';
    return (
      `engine: ${restored ? 'this run: ' : ''}${formatTally(tallySince(this.tally, this.restoredTally))}${restored}; ` +
      `alerts opened: ${k.surge} surge, ${k.incident} incident, ${k.citywide} citywide, ${k.district} district; ${checkpoints} checkpoints`
    );
  }

  report(): RoleFigures {
    const wm = this.engine.counter.watermark;
    return {
      processed: this.tally.processed,
      poison: this.tally.poison,
      watermark: Number.isFinite(wm) ? this.options.clock.format(wm) : null,
      seq: this.seq,
      tally: this.tally,
    };
  }
}
