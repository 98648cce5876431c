// Takes reports in at the gateway the way `replay` does: every field checked, settled and classified by the same
// edge (Intake), live times checked by the event-time gate's rules, published as settled reports on INTAKE with the
// id as Nats-Msg-Id — and answered only once JetStream stored them, so an accepted report is a durable one. Both
// /api/reports and Open311's POST requests.json take reports in through this one path.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { PublishAck } from '../../engine/stream/ack-inbox.ts';
import { DeadLetters } from '../../engine/stream/dead-letter.ts';
import { HEADER_ROOM } from '../../engine/stream/feed-replayer.ts';
import { intakeEnvelope, settledReport } from '../../engine/stream/intake-message.ts';
import { StreamError } from '../../engine/stream/stream-errors.ts';
import { Intake } from '../../engine/intake/intake.ts';
import { MAX_LINE_BYTES } from '../../engine/intake/read-ndjson.ts';
import type { Report } from '../../engine/intake/report.ts';
import type { Logger } from '../../engine/log.ts';
import { ReportError } from '../../engine/errors.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { GatewayError, type FieldError } from '../gateway-errors.ts';
import { liveTimeProblem } from './live-time-check.ts';
import { edgeProblems, reportProblems, withChannel, type ChannelRule } from './report-problems.ts';

/** What became of one report. */
export type SubmitResult =
  | {
      readonly status: 'accepted';
      readonly id: string;
      /** JetStream already held this id (posted before, within INTAKE's duplicate window): counted once. */
      duplicate: boolean;
      readonly district: string | null;
      readonly topic: string | null;
    }
  /** Refused: nothing published. `id` when the report had a usable one. */
  | { readonly status: 'invalid'; readonly id: string | null; readonly errors: readonly FieldError[] }
  /** Valid, but its time is impossible live: kept in intake.dead (durably), never counted. */
  | { readonly status: 'quarantined'; readonly id: string; readonly errors: readonly FieldError[] };

export type SubmitStatus = SubmitResult['status'];

const encoder = new TextEncoder();

/** The intake metrics of a gateway's registry (made once: both intake plugins submit through submitters). */
function intakeMetrics(registry: Registry) {
  const reports =
    (registry.getSingleMetric('lizheng_intake_reports_total') as Counter<'outcome'> | undefined) ??
    new Counter({
      name: 'lizheng_intake_reports_total',
      help: 'Reports taken in over HTTP, by outcome (accepted, duplicate, invalid, quarantined)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  const publishSeconds =
    (registry.getSingleMetric('lizheng_intake_publish_seconds') as Histogram | undefined) ??
    new Histogram({
      name: 'lizheng_intake_publish_seconds',
      help: 'From publishing a request’s reports to JetStream storing them all',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
  return { reports, publishSeconds };
}

export class ReportSubmitter {
  private readonly intake: Intake;
  private readonly deadLetters: DeadLetters;
  private readonly metrics: ReturnType<typeof intakeMetrics>;

  constructor(
    private readonly ctx: GatewayContext,
    log: Logger,
  ) {
    this.intake = new Intake(ctx.profile, ctx.clock, 'all', { callerKey: ctx.callerKey });
    this.deadLetters = new DeadLetters(ctx.publisher, log);
    this.metrics = intakeMetrics(ctx.metrics);
  }

  /**
   * Check, settle and publish `values`; resolves with one result per value, in order, once every accepted report
   * (and every dead letter) is stored. `pointer(i)` prefixes the paths of value i's errors (`/reports/3`).
   * Throws GatewayError LZ_STREAM_UNAVAILABLE when JetStream cannot store them.
   */
  async submit(values: readonly unknown[], rule: ChannelRule, pointer: (i: number) => string): Promise<SubmitResult[]> {
    const results = new Array<SubmitResult>(values.length);
    const shaped: unknown[] = [];
    const shapedAt: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const value = withChannel(values[i], rule);
      const errors = reportProblems(value, this.ctx.limits, rule, pointer(i));
      if (errors.length > 0) results[i] = { status: 'invalid', id: idOf(value), errors };
      else {
        shaped.push(value);
        shapedAt.push(i);
      }
    }
    // One batch through the edge: enrichment runs stage by stage over all of them, as replay's does.
    const settled = this.intake.acceptAll(shaped);
    const started = performance.now();
    let published = false;
    for (let k = 0; k < settled.length; k++) {
      const i = shapedAt[k];
      const answer = settled[k];
      results[i] =
        answer instanceof ReportError
          ? { status: 'invalid', id: idOf(shaped[k]), errors: edgeProblems(shaped[k], this.intake, pointer(i)) }
          : await this.publish(answer, pointer(i));
      published ||= results[i].status !== 'invalid';
    }
    if (published) {
      try {
        await this.ctx.publisher.flush();
      } catch (err) {
        throw unavailable(err);
      }
      this.metrics.publishSeconds.observe((performance.now() - started) / 1000);
    }
    for (const r of results)
      this.metrics.reports.inc({ outcome: r.status === 'accepted' && r.duplicate ? 'duplicate' : r.status });
    return results;
  }

  /** Publish one settled report, or dead-letter it when its time is impossible live; too large: invalid. */
  private async publish(report: Report, at: string): Promise<SubmitResult> {
    const data = encoder.encode(JSON.stringify(settledReport(report)));
    const room = Math.min(MAX_LINE_BYTES, this.ctx.nats.nc.info?.max_payload ?? MAX_LINE_BYTES) - HEADER_ROOM;
    if (data.length > room)
      return {
        status: 'invalid',
        id: report.id,
        errors: [
          { path: at || '/', message: `${data.length} bytes once settled, over the ${room} a message may hold` },
        ],
      };
    // The gateway claims no watermark of its own: a report's source time is its own event time.
    const out = intakeEnvelope(report, report.t);
    const problem =
      this.ctx.feedClock.kind === 'wall'
        ? liveTimeProblem(report.raw.receivedAt, report.t, this.ctx.feedClock.now(), this.ctx.limits.maxAheadMs)
        : null;
    const result: SubmitResult =
      problem === null
        ? { status: 'accepted', id: report.id, duplicate: false, district: report.district, topic: report.topic }
        : {
            status: 'quarantined',
            id: report.id,
            errors: [
              { path: `${at}/receivedAt`, message: `${problem.replace(/^receivedAt: /, '')}; kept in intake.dead` },
            ],
          };
    try {
      if (problem !== null) this.deadLetters.rejectUnpublished(out.subject, report.id, data, problem);
      else
        await this.ctx.publisher.publish(out.subject, data, out.msgId, out.headers, (ack: PublishAck) => {
          if (result.status === 'accepted') result.duplicate = ack.duplicate;
        });
    } catch (err) {
      if (err instanceof StreamError) throw unavailable(err);
      throw err;
    }
    return result;
  }
}

/** JetStream could not store what was sent: the client may send it again (the same ids are stored once). */
function unavailable(cause: unknown): GatewayError {
  return new GatewayError('LZ_STREAM_UNAVAILABLE', 'JetStream did not store the reports; send them again', undefined, {
    cause,
  });
}

/** The id a refused report gave, when it is a usable one (so a batch's answer can say which report it was). */
function idOf(value: unknown): string | null {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 128 ? id : null;
}
