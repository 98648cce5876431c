// `lizheng engine --decider`: the one citywide process of a partitioned engine. It reads every district's
// `series.<district>._merge` with its own durable consumer, merges the closed minutes in minute order and
// runs them through the same DetectEngine as `lizheng detect` (decider, incidents, links) — so the alerts
// are those one whole-city engine would raise.
import type { JsMsg } from '@nats-io/jetstream';
import { assembleEngine } from '../assemble-engine.ts';
import type { DetectEngine } from '../detect-engine.ts';
import { encodeDecider, loadDecider } from '../checkpoint/pipeline-checkpoints.ts';
import type { ConsumerSpec } from './consumer-feed.ts';
import { CHECKPOINT_KEYS, CONSUMERS, STREAMS, SUBJECTS } from './nats-names.ts';
import {
  PipelineService,
  type Captured,
  type FeedSource,
  type PipelineRole,
  type RoleFigures,
} from './pipeline-service.ts';
import type { PipelineRuntime } from './pipeline-runtime.ts';
import { SeriesMerger } from './series-merger.ts';
import { publishAlert, readMerge } from './series-message.ts';
import { unitCodes, type EngineRunOptions } from './service-lifecycle.ts';

/** The decider's checkpoint as read back (engine/checkpoint/pipeline-checkpoints.ts). */
type SavedDecider = NonNullable<Awaited<ReturnType<typeof loadDecider>>>;

export const DECIDER_SPEC: ConsumerSpec = {
  stream: STREAMS.series,
  durable: CONSUMERS.decider,
  filter: SUBJECTS.mergeAll,
};

/** The decider's role in a PipelineService: every district's closed minutes, merged in minute order, decided. */
export class DeciderService implements PipelineRole {
  readonly name = 'decide';
  readonly sources: readonly FeedSource[] = [
    { spec: DECIDER_SPEC, resumeAfter: () => this.seq, handle: (msg) => this.handle(msg) },
  ];
  private readonly merger: SeriesMerger;
  private readonly engine: DetectEngine;
  private seq: number;
  private minutes: number;
  private alerts: number;
  /** Minutes and alert events restored from the checkpoint, so the summary tells this run's apart. */
  private readonly restored: { readonly minutes: number; readonly alerts: number };
  private bad = 0;
  private dirty = false;

  /** The decider, built on its checkpoint and ready to start. */
  static open(rt: PipelineRuntime, options: EngineRunOptions): Promise<PipelineService> {
    return PipelineService.open(rt, options, {
      load: () => loadDecider(rt.checkpoints, CHECKPOINT_KEYS.decider),
      create: (saved) => new DeciderService(rt, options, saved),
    });
  }

  private constructor(
    private readonly rt: PipelineRuntime,
    private readonly options: EngineRunOptions,
    saved: SavedDecider | null,
  ) {
    this.merger = new SeriesMerger(unitCodes(options.profile), saved?.merger);
    // Minutes arrive counted and closed (DetectEngine.decide): this engine's counter stays empty.
    this.engine = assembleEngine(
      options,
      {
        latenessMs: 0,
        onAlert: (event) => {
          this.alerts++;
          publishAlert(this.rt.publisher, event);
          this.options.onAlert?.(event);
        },
      },
      saved?.engine,
    );
    this.seq = saved?.seq ?? 0;
    this.minutes = saved?.minutes ?? 0;
    this.alerts = saved?.alerts ?? 0;
    this.restored = { minutes: this.minutes, alerts: this.alerts };
  }

  endedAtStart(): string | null {
    return this.options.replay && this.merger.finished ? 'the replayed feed had already ended' : null;
  }

  private handle(msg: JsMsg): string | null {
    this.seq = msg.seq;
    this.dirty = true;
    const incoming = readMerge(msg);
    if (incoming.kind === 'poison') {
      this.bad++;
      this.rt.log.warn(
        { subject: msg.subject, seq: msg.seq, reason: incoming.reason },
        `decider: ignoring ${msg.subject} seq ${msg.seq}: ${incoming.reason}`,
      );
    } else if (incoming.kind === 'minute') this.merger.addMinute(incoming);
    else this.merger.addMarker(incoming);
    for (const { series, reports } of this.merger.release()) {
      this.minutes++;
      // Counted by the partitions already: the closed minute goes straight to the deciding half.
      this.engine.decide(series, reports);
    }
    return this.options.replay && this.merger.finished ? 'every district reached the end of the replayed feed' : null;
  }

  capture(): Captured | null {
    if (!this.dirty) return null;
    this.dirty = false;
    const head = encodeDecider({
      seq: this.seq,
      merger: this.merger.state(),
      engine: this.engine.state(),
      minutes: this.minutes,
      alerts: this.alerts,
    });
    return { writes: [[CHECKPOINT_KEYS.decider, head]], covers: this.sources };
  }

  summary(checkpoints: number): string {
    const run =
      `${this.minutes - this.restored.minutes} minutes decided, ${this.alerts - this.restored.alerts} ` +
      `alert events, ${this.bad} unreadable series messages`;
    const since =
      this.restored.minutes > 0
        ? `; since the checkpoint's start: ${this.minutes} minutes decided, ${this.alerts} alert events`
        : '';
    return `engine decide: ${since ? 'this run: ' : ''}${run}${since}; ${checkpoints} checkpoints`;
  }

  report(): RoleFigures {
    return { processed: this.seq, poison: this.bad, watermark: null, minutesDecided: this.minutes };
  }
}
