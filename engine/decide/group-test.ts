// A group of cells read as one — a topic across districts (citywide), a district across topics (district-wide) —
// against what the rest of the city implies, with a breadth check over its cells: the part both tests share.
import type { AlertKind } from '../../schemas/alert-event.ts';
import { negativeBinomialUpperTail } from '../stats/index.ts';
import type { Detection } from './alert-book.ts';
import { formatP } from './alert-text.ts';
import type { CellState } from './city-state.ts';
import { cellShare, type DecisionContext } from './decision-context.ts';

/** The gates a group's window must pass; each test reads them from its own options. */
export interface GroupGates {
  /** p-value bound and negative-binomial size of the group's total. */
  readonly p: number;
  readonly dispersion: number;
  readonly minRatio: number;
  readonly minExcess: number;
  /** At least this many cells above their expectation… */
  readonly minAbove: number;
  /** …and none holding more than this share of the excess (that would be one cell's surge). */
  readonly maxCellShare: number;
}

/** Which group, and how its alert names itself. */
export interface Group {
  readonly kind: AlertKind;
  readonly district: string | null;
  readonly topic: string | null;
  readonly cells: readonly CellState[];
  /** The group's learned share of the city. */
  readonly share: number;
  readonly detector: string;
  /**
   * The alert lists the cells above expectation, largest excess first, by district (a citywide alert's
   * `districts`) or by topic (a district alert's `topics`).
   */
  readonly listAs: 'districts' | 'topics';
  /** The detail's unit of cells above expectation, e.g. 个区 or 类问题. */
  readonly unit: string;
}

interface Spread {
  readonly cell: CellState;
  readonly observed: number;
  readonly expected: number;
}

/** Whether `observed` clears the ratio and excess gates against `expected`. */
export const clearsVolume = (observed: number, expected: number, g: GroupGates): boolean =>
  observed >= g.minRatio * expected && observed - expected >= g.minExcess;

/**
 * The strongest window of the group that passes every gate, or null. `expectedFor[i]` is the group's expected
 * callers in window `i`, already scaled to the rest of the city; each cell's expectation is its part of it.
 */
export function testGroup(
  ctx: DecisionContext,
  group: Group,
  expectedFor: readonly number[],
  g: GroupGates,
): Detection | null {
  const o = ctx.options;
  const { cells } = group;
  for (const cell of cells) cell.rolling.advance(ctx.minute);
  let best: Detection | null = null;
  for (let i = 0; i < o.windows.length; i++) {
    // The volume gates first, from the cells' counts alone: most passes end here without allocating.
    let observed = 0;
    for (const cell of cells) observed += cell.rolling.distinctIn(i);
    const expected = expectedFor[i];
    const excess = observed - expected;
    if (!clearsVolume(observed, expected, g)) continue;
    const level = expected / (group.share * ctx.cityExpected[i]);
    const spread: Spread[] = cells.map((cell) => ({
      cell,
      observed: cell.rolling.distinctIn(i),
      expected: level * cellShare(ctx.baseline, cell) * ctx.cityExpected[i],
    }));
    const above = spread.filter((d) => d.observed > d.expected);
    const biggest = Math.max(...spread.map((d) => d.observed - d.expected));
    if (above.length < g.minAbove || biggest > g.maxCellShare * excess) continue;
    const p = negativeBinomialUpperTail(observed, expected, g.dispersion);
    if (p > g.p || (best && p >= best.pValue!)) continue;
    const minutes = o.windows[i];
    const reports = cells.reduce((a, c) => a + c.rolling.count(i).reports, 0);
    const largestFirst = above.sort((a, b) => b.observed - b.expected - (a.observed - a.expected));
    best = {
      kind: group.kind,
      district: group.district,
      topic: group.topic,
      windowMinutes: minutes,
      count: reports,
      distinctCallers: observed,
      expected,
      pValue: p,
      score: -Math.log10(Math.max(p, 1e-300)),
      detector: group.detector,
      detail: `${above.length}${group.unit}高于往常，p=${formatP(p)}`,
      reportIds: () => cells.flatMap((c) => c.rolling.reportIds(minutes)).slice(-500),
      [group.listAs]: largestFirst.map((d) => (group.listAs === 'districts' ? d.cell.district : d.cell.topic)),
    };
  }
  return best;
}
