// A counter's state in its stored form and back: open minutes' counted reports as columns (whole reports as they
// are), and, given a BlockSink, its open minutes and id generations as blocks written once (block-writer.ts).
import { MINUTE_MS } from '../time/event-time.ts';
import { isWholeReport, type CountedReport } from '../intake/report.ts';
import type { CounterState } from '../windows/cell-counter.ts';
import type { BlockSink, BlockedList } from './block-writer.ts';
import type { BlockReader } from './block-reader.ts';
import { fromColumns, toColumns, type CountedColumns } from './counted-columns.ts';
import { HeldReportsSchema, IdsSchema, type StoredCounter } from './checkpoint-schemas.ts';

type HeldReports = StoredCounter['open'][number][1];
type StoredReports = Exclude<HeldReports, BlockedList<unknown>>;

const isBlocked = <E>(x: unknown): x is BlockedList<E> =>
  typeof x === 'object' && x !== null && 'blocks' in x && 'tail' in x;
/**
 * A slice of an open minute: as it is when it holds whole reports (an engine that tracks incidents keeps them; a
 * minute restored from counted fields mixes both), else as columns from the minute's start.
 */
const encodeReports =
  (minute: number) =>
  (reports: CountedReport[]): StoredReports =>
    reports.some(isWholeReport) ? reports : toColumns(reports, minute * MINUTE_MS);

/** Columns whose lists disagree in length or point past their cells would give reports that were never counted. */
function columnsProblem(c: CountedColumns): string | null {
  const n = c.ids.length;
  if (c.cell.length !== n || c.t.length !== n || c.callers.length !== n)
    return `columns of ${n} ids hold ${c.cell.length} cells, ${c.t.length} times, ${c.callers.length} callers`;
  return c.cell.every((k) => Number.isInteger(k) && k >= 0 && k < c.cells.length)
    ? null
    : `a cell index is not one of the ${c.cells.length} cells`;
}

/**
 * `state` as stored; with `sink`, its long lists go there in blocks (open minutes `open.<m>`, generations
 * `ids.<start>`).
 */
export function encodeCounter(state: CounterState, sink?: BlockSink): StoredCounter {
  const ids = (start: number, list: readonly string[]) =>
    sink ? sink.list(`ids.${start}`, list, (slice) => slice) : [...list];
  const g = state.ids;
  return {
    maxT: Number.isFinite(state.maxT) ? state.maxT : null,
    nextMinute: state.nextMinute,
    late: state.late,
    open: state.open.map(([m, reports]): [number, HeldReports] => [
      m,
      sink ? sink.list(`open.${m}`, reports, encodeReports(m)) : encodeReports(m)([...reports]),
    ]),
    ids: g && {
      previousStart: g.previousStart,
      previous: ids(g.previousStart, g.previous),
      start: g.start,
      current: ids(g.start, g.current),
    },
  };
}

/** The state `encodeCounter` stored; `blocks` holds what it put in blocks (none for a head written whole). */
export function decodeCounter(stored: StoredCounter, blocks: BlockReader): CounterState {
  const decode = (held: StoredReports): CountedReport[] => {
    if (Array.isArray(held)) return held;
    const problem = columnsProblem(held);
    if (problem) throw blocks.error(problem);
    return fromColumns(held);
  };
  const reports = (held: HeldReports): CountedReport[] =>
    isBlocked<StoredReports>(held) ? blocks.chunks(held, HeldReportsSchema).flatMap(decode) : decode(held);
  const ids = (list: string[] | BlockedList<string[]>): string[] =>
    isBlocked<string[]>(list) ? blocks.chunks(list, IdsSchema).flat() : list;
  const g = stored.ids;
  return {
    maxT: stored.maxT ?? -Infinity,
    nextMinute: stored.nextMinute,
    late: stored.late,
    open: stored.open.map(([m, held]) => [m, reports(held)] as const),
    ids: g && { previousStart: g.previousStart, previous: ids(g.previous), start: g.start, current: ids(g.current) },
  };
}
