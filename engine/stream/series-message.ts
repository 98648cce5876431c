// The SERIES and ALERTS message formats. A closed minute of one cell goes to `series.<district>.<topic>`
// (the gateway's live view). For the decider of a partitioned engine, each district's unit also sends, on
// `series.<district>._merge`, each closed minute as counted (its cells; its reports only when incidents are
// tracked) and progress markers ("closed through minute m; these minutes had reports"), which is what lets one
// decider merge without guessing and decide without counting again.
import { createHash } from 'node:crypto';
import type { JsMsg } from '@nats-io/jetstream';
import type { AlertEvent } from '../../schemas/alert-event.ts';
import type { Report } from '../intake/report.ts';
import { summarizeMinute } from '../windows/minute-cells.ts';
import type { CellMinute, MinuteSeries } from '../windows/minute-series.ts';
import { SUBJECTS } from './nats-names.ts';
import type { PipelinedPublisher } from './pipelined-publisher.ts';

/** Payload of `series.<district>.<topic>`: one cell's closed minute. */
export interface CellMessage extends CellMinute {
  readonly minute: number;
  /** Local ISO time of the minute's start, for readers that do not do epoch arithmetic. */
  readonly at: string;
}

/**
 * `series.<district>._merge`: one closed minute of a district as its counter closed it — the cells the decider
 * decides on and, only when incidents are tracked, the reports the incident tracker reads, in (time, id) order.
 */
export interface ClosedMinute {
  readonly kind: 'minute';
  readonly district: string;
  readonly minute: number;
  readonly cells: readonly CellMinute[];
  readonly reports?: readonly Report[];
}

/** The `_merge` message of counters before issue 13 (whole reports, always), still read during an upgrade. */
interface MinuteReports {
  readonly kind: 'reports';
  readonly district: string;
  readonly minute: number;
  readonly reports: readonly Report[];
}

/** `series.<district>._merge`: every minute ≤ through is closed for this district. */
export interface ClosedMarker {
  readonly kind: 'closed';
  readonly district: string;
  readonly through: number;
  /** The unit reached the end of a replayed feed: nothing more will come from it. */
  readonly ended: boolean;
  /** Minutes since the previous marker for which a MinuteReports message was sent. */
  readonly minutes: readonly number[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Queue every cell of a closed minute on `series.<district>.<topic>` (Nats-Msg-Id: cell and minute), as one batch
 * confirmed by one ack (PipelinedPublisher.enqueueBatch): SERIES stores them all or the batch is sent again.
 */
export function publishSeries(
  publisher: PipelinedPublisher,
  series: MinuteSeries,
  format: (t: number) => string,
): void {
  if (series.cells.length === 0) return;
  const at = format(series.minute * 60_000);
  publisher.enqueueBatch(
    series.cells.map((cell) => {
      const body: CellMessage = { minute: series.minute, at, ...cell };
      return {
        subject: SUBJECTS.series(cell.district, cell.topic),
        data: encoder.encode(JSON.stringify(body)),
        msgId: `${cell.district}.${cell.topic}@${series.minute}`,
      };
    }),
  );
}

/** Queue a unit's message for the decider; its Nats-Msg-Id makes a republish after a crash a duplicate. */
export function publishMerge(publisher: PipelinedPublisher, body: ClosedMinute | ClosedMarker): void {
  const id = body.kind === 'minute' ? `minute@${body.minute}` : `closed@${body.through}${body.ended ? '.end' : ''}`;
  publisher.enqueue(SUBJECTS.merge(body.district), encoder.encode(JSON.stringify(body)), `${body.district}.${id}`);
}

/**
 * Queue one alert event on `alerts.<kind>.<district|city>.<topic>`. The Nats-Msg-Id is the alert id, event
 * type and updatedAt, plus a digest of the event (one minute can update an alert twice, e.g. when an
 * incident is linked), so a republish after a crash is stored once and distinct events never collide.
 */
export function publishAlert(publisher: PipelinedPublisher, event: AlertEvent): void {
  const a = event.alert;
  const json = JSON.stringify(event);
  const digest = createHash('sha256').update(json).digest('base64url').slice(0, 12);
  publisher.enqueue(
    SUBJECTS.alert(a.kind, a.district, a.topic),
    encoder.encode(json),
    `${a.id}:${event.type}:${a.updatedAt}:${digest}`,
  );
}

export type MergeIncoming = ClosedMinute | ClosedMarker | { readonly kind: 'poison'; readonly reason: string };

/** Read one `series.<district>._merge` message; never throws. */
export function readMerge(msg: JsMsg): MergeIncoming {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(decoder.decode(msg.data)) as Record<string, unknown>;
  } catch (err) {
    return { kind: 'poison', reason: `(root): not JSON (${(err as Error).message})` };
  }
  if (typeof body?.district !== 'string') return { kind: 'poison', reason: 'district: is required' };
  if (
    body.kind === 'minute' &&
    Number.isInteger(body.minute) &&
    Array.isArray(body.cells) &&
    (body.reports === undefined || Array.isArray(body.reports))
  )
    return body as unknown as ClosedMinute;
  if (body.kind === 'reports' && Number.isInteger(body.minute) && Array.isArray(body.reports))
    return countedAgain(body as unknown as MinuteReports);
  if (
    body.kind === 'closed' &&
    Number.isInteger(body.through) &&
    typeof body.ended === 'boolean' &&
    Array.isArray(body.minutes)
  )
    return body as unknown as ClosedMarker;
  return {
    kind: 'poison',
    reason:
      'kind: a _merge message is {kind:"minute", minute, cells, reports?} or {kind:"closed", through, ended, minutes}',
  };
}

/** An older counter's minute of whole reports (already in (time, id) order), as the cells its counter closed. */
function countedAgain(old: MinuteReports): ClosedMinute {
  return {
    kind: 'minute',
    district: old.district,
    minute: old.minute,
    cells: summarizeMinute(old.minute, old.reports).cells,
    reports: old.reports,
  };
}
