// The SERIES and ALERTS message formats. A closed minute of one cell goes to `series.<district>.<topic>`;
// a counting unit's progress goes to `series.<district>._closed` ("closed through minute m, with this
// many cells in each minute"), which is what lets one decider merge partitions without guessing.
import type { JsMsg } from '@nats-io/jetstream';
import type { AlertEvent } from '../../schemas/alert-event.ts';
import type { CellMinute, MinuteSeries } from '../windows/minute-series.ts';
import { CLOSED_TOPIC, SUBJECTS } from './nats-names.ts';
import type { PipelinedPublisher } from './pipelined-publisher.ts';

/** Payload of `series.<district>.<topic>`: one cell's closed minute. */
export interface CellMessage extends CellMinute {
  readonly minute: number;
  /** Local ISO time of the minute's start, for readers that do not do epoch arithmetic. */
  readonly at: string;
}

/** Payload of `series.<district>._closed`. */
export interface ClosedMarker {
  readonly district: string;
  /** Every minute ≤ through is closed for this district. */
  readonly through: number;
  /** The unit reached the end of a replayed feed: nothing more will come from it. */
  readonly ended: boolean;
  /** Number of cells published per minute, for minutes since the previous marker that had any. */
  readonly cells: Readonly<Record<string, number>>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Queue every cell of a closed minute on `series.<district>.<topic>` (Nats-Msg-Id: cell and minute). */
export function publishSeries(publisher: PipelinedPublisher, series: MinuteSeries, format: (t: number) => string): void {
  if (series.cells.length === 0) return;
  const at = format(series.minute * 60_000);
  for (const cell of series.cells) {
    const body: CellMessage = { minute: series.minute, at, ...cell };
    publisher.enqueue(SUBJECTS.series(cell.district, cell.topic), encoder.encode(JSON.stringify(body)), `${cell.district}.${cell.topic}@${series.minute}`);
  }
}

export function publishMarker(publisher: PipelinedPublisher, marker: ClosedMarker): void {
  publisher.enqueue(SUBJECTS.closed(marker.district), encoder.encode(JSON.stringify(marker)), `${marker.district}.${CLOSED_TOPIC}@${marker.through}${marker.ended ? '.end' : ''}`);
}

/** Queue one alert event on `alerts.<kind>.<district|city>.<topic>`; a republish after a crash is stored once. */
export function publishAlert(publisher: PipelinedPublisher, event: AlertEvent): void {
  const a = event.alert;
  publisher.enqueue(SUBJECTS.alert(a.kind, a.district, a.topic), encoder.encode(JSON.stringify(event)), `${a.id}:${event.type}:${a.updatedAt}`);
}

export type SeriesIncoming =
  | { readonly kind: 'cell'; readonly cell: CellMessage }
  | { readonly kind: 'marker'; readonly marker: ClosedMarker }
  | { readonly kind: 'poison'; readonly reason: string };

/** Read one SERIES message; never throws. */
export function readSeries(msg: JsMsg): SeriesIncoming {
  const topic = msg.subject.split('.')[2];
  let body: unknown;
  try {
    body = JSON.parse(decoder.decode(msg.data));
  } catch (err) {
    return { kind: 'poison', reason: `(root): not JSON (${(err as Error).message})` };
  }
  const b = body as Record<string, unknown>;
  if (topic === CLOSED_TOPIC) {
    if (typeof b.district !== 'string' || !Number.isInteger(b.through) || typeof b.ended !== 'boolean' || typeof b.cells !== 'object' || b.cells === null) {
      return { kind: 'poison', reason: '(root): a _closed marker needs district, through, ended and cells' };
    }
    return { kind: 'marker', marker: b as unknown as ClosedMarker };
  }
  if (!Number.isInteger(b.minute) || typeof b.district !== 'string' || typeof b.topic !== 'string' || !Array.isArray(b.callers) || !Array.isArray(b.reportIds)) {
    return { kind: 'poison', reason: '(root): a series cell needs minute, district, topic, callers and reportIds' };
  }
  return { kind: 'cell', cell: b as unknown as CellMessage };
}
