// One topic rising in many districts at once: the topic's city total against what the other topics'
// volume in the same window implies (so a busy day for the whole city is not a shock to one topic), and a
// breadth check so that one big incident in one district is never mistaken for a policy shock.
import { negativeBinomialUpperTail } from '../stats/index.ts';
import type { Detection } from './alert-book.ts';
import type { CellState } from './city-state.ts';
import { cellShare, type DecisionContext } from './decision-context.ts';

interface Spread {
  readonly cell: CellState;
  readonly observed: number;
  readonly expected: number;
}

/** Every topic's callers per window and their learned shares, summed once per citywide pass. */
export interface CityTotals {
  readonly callers: readonly number[];
  readonly share: number;
}

export function cityTotals(ctx: DecisionContext): CityTotals {
  const callers = new Array<number>(ctx.options.windows.length).fill(0);
  let share = 0;
  ctx.state.topicCallers.forEach((sum, topic) => {
    share += ctx.baseline.topicShare(topic);
    const sums = sum.sums(ctx.minute);
    for (let i = 0; i < callers.length; i++) callers[i] += sums[i];
  });
  return { callers, share };
}

/**
 * Expected callers of `topic` per window, scaled to the city's level right now: the other topics'
 * callers in the window × this topic's learned share relative to theirs.
 */
function expectationFromOtherTopics(
  ctx: DecisionContext,
  topic: string,
  own: readonly number[],
  city: CityTotals,
): number[] {
  const share = ctx.baseline.topicShare(topic);
  return city.callers.map((total, i) => ((total - own[i]) * share) / (city.share - share));
}

/** The cheap screen, allocation-free: some window's upper bound of callers clears the ratio and excess gates. */
function anyWindowPossible(ctx: DecisionContext, topic: string, bound: readonly number[], city: CityTotals): boolean {
  const o = ctx.options;
  const share = ctx.baseline.topicShare(topic);
  for (let i = 0; i < bound.length; i++) {
    const expected = ((city.callers[i] - bound[i]) * share) / (city.share - share);
    if (bound[i] >= o.citywideMinRatio * expected && bound[i] - expected >= o.citywideMinExcess) return true;
  }
  return false;
}

/** The strongest citywide window for a topic that passes every gate, or null. */
export function testCitywide(
  ctx: DecisionContext,
  topic: string,
  cells: readonly CellState[],
  city: CityTotals,
): Detection | null {
  const o = ctx.options;
  const bound = ctx.state.topicCallers.get(topic)!.sums(ctx.minute);
  if (!anyWindowPossible(ctx, topic, bound, city)) return null;
  const expectedFor = expectationFromOtherTopics(ctx, topic, bound, city);
  for (const cell of cells) cell.rolling.advance(ctx.minute);
  let best: Detection | null = null;
  for (let i = 0; i < o.windows.length; i++) {
    // The volume gates first, from the cells' counts alone: most passes end here without allocating.
    let observed = 0;
    for (const cell of cells) observed += cell.rolling.distinctIn(i);
    const expected = expectedFor[i];
    const excess = observed - expected;
    if (observed < o.citywideMinRatio * expected || excess < o.citywideMinExcess) continue;
    const level = expected / (ctx.baseline.topicShare(topic) * ctx.cityExpected[i]);
    const spread: Spread[] = cells.map((cell) => ({
      cell,
      observed: cell.rolling.distinctIn(i),
      expected: level * cellShare(ctx.baseline, cell) * ctx.cityExpected[i],
    }));
    const above = spread.filter((d) => d.observed > d.expected);
    const biggest = Math.max(...spread.map((d) => d.observed - d.expected));
    if (above.length < o.citywideMinDistricts || biggest > o.citywideMaxDistrictShare * excess) continue;
    const p = negativeBinomialUpperTail(observed, expected, o.citywideDispersion);
    if (p > o.citywideP || (best && p >= best.pValue!)) continue;
    const minutes = o.windows[i];
    const reports = cells.reduce((a, c) => a + c.rolling.count(i).reports, 0);
    best = {
      kind: 'citywide',
      district: null,
      topic,
      windowMinutes: minutes,
      count: reports,
      distinctCallers: observed,
      expected,
      pValue: p,
      score: -Math.log10(Math.max(p, 1e-300)),
      detector: 'citywide',
      detail: `${above.length}个区高于往常，p=${p.toExponential(1)}`,
      reportIds: () => cells.flatMap((c) => c.rolling.reportIds(minutes)).slice(-500),
      districts: above.sort((a, b) => b.observed - b.expected - (a.observed - a.expected)).map((d) => d.cell.district),
    };
  }
  return best;
}
