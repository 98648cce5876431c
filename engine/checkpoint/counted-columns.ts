// The five counted fields of reports (id, t, district, topic, caller) as columns: the one shape in which counted
// reports cross from detect's intake thread and lie in a checkpoint's open minutes. A few flat arrays transfer and
// serialise several times faster than an object per report (900k reports, the open minutes at 5,000/s, to JSON:
// ≈ 0.7 s → 0.15 s), and the thread's number columns move as typed arrays instead of being cloned.
import type { CountedReport } from '../intake/report.ts';

/** `Numbers`: plain arrays for JSON, typed ones to transfer to another thread. */
export interface CountedColumns<Numbers extends ArrayLike<number> = number[]> {
  /** The distinct (district, topic) pairs; `cell` holds each report's index into them. */
  readonly cells: Array<[district: string | null, topic: string | null]>;
  readonly cell: Numbers;
  readonly ids: string[];
  /** Event time in milliseconds after `base`. */
  readonly base: number;
  readonly t: Numbers;
  readonly callers: string[];
}

/** Columns whose numbers are typed arrays, transferred between threads rather than copied. */
export type TransferableColumns = CountedColumns<Float64Array>;

/** Collects reports into columns; `take` hands them over and starts afresh. */
export class ColumnWriter {
  private cells: Array<[string | null, string | null]> = [];
  private index = new Map<string | null, Map<string | null, number>>();
  private cell: number[] = [];
  private ids: string[] = [];
  private t: number[] = [];
  private callers: string[] = [];

  /** `base`: any time near the reports' (a minute's start keeps the numbers short in JSON). */
  constructor(private readonly base = 0) {}

  /** Reports added since the last take. */
  get length(): number {
    return this.ids.length;
  }

  /** Add a report's counted fields (a whole report gives only those). */
  add(r: CountedReport): void {
    let topics = this.index.get(r.district);
    if (!topics) this.index.set(r.district, (topics = new Map()));
    let k = topics.get(r.topic);
    if (k === undefined) {
      k = this.cells.push([r.district, r.topic]) - 1;
      topics.set(r.topic, k);
    }
    this.cell.push(k);
    this.ids.push(r.id);
    this.t.push(r.t - this.base);
    this.callers.push(r.caller);
  }

  take(): CountedColumns {
    const columns: CountedColumns = {
      cells: this.cells,
      cell: this.cell,
      ids: this.ids,
      base: this.base,
      t: this.t,
      callers: this.callers,
    };
    this.cells = [];
    this.index = new Map();
    this.cell = [];
    this.ids = [];
    this.t = [];
    this.callers = [];
    return columns;
  }

  /** The same as take, with the number columns as typed arrays to transfer (see `transferables`). */
  takeTransferable(): TransferableColumns {
    const { cell, t, ...rest } = this.take();
    return { ...rest, cell: Float64Array.from(cell), t: Float64Array.from(t) };
  }
}

/** The buffers of transferable columns, to hand to postMessage's transfer list. */
export const transferables = (c: TransferableColumns): ArrayBuffer[] => [
  c.cell.buffer as ArrayBuffer,
  c.t.buffer as ArrayBuffer,
];

/**
 * The counted fields of `reports` as columns, in the same order; `base` is any time near theirs.
 * @example
 * toColumns([{ id: 'a', t: 60_500, district: 'gaoxin', topic: 'property', caller: 'c1' }], 60_000)
 * // → { cells: [['gaoxin', 'property']], cell: [0], ids: ['a'], base: 60000, t: [500], callers: ['c1'] }
 */
export function toColumns(reports: readonly CountedReport[], base: number): CountedColumns {
  const writer = new ColumnWriter(base);
  for (const r of reports) writer.add(r);
  return writer.take();
}

/** The reports the columns were made of, as counted reports, in the same order. */
export function fromColumns(columns: CountedColumns<ArrayLike<number>>): CountedReport[] {
  const { cells, cell, ids, base, t, callers } = columns;
  const reports = new Array<CountedReport>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const [district, topic] = cells[cell[i]];
    reports[i] = { id: ids[i], t: base + t[i], district, topic, caller: callers[i] };
  }
  return reports;
}
