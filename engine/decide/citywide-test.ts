// One topic rising in many districts at once: the topic's city total against its expectation, and a
// breadth check so that one big incident in one district is never mistaken for a policy shock.
import { negativeBinomialUpperTail } from '../stats/index.ts';
import type { Detection } from './alert-book.ts';
import type { CellState } from './city-state.ts';
import type { DecisionContext } from './decision-context.ts';

interface Spread {
  readonly cell: CellState;
  readonly observed: number;
  readonly expected: number;
}

/** The strongest citywide window for a topic that passes every gate, or null. */
export function testCitywide(ctx: DecisionContext, topic: string, cells: readonly CellState[]): Detection | null {
  const o = ctx.options;
  const topicShare = ctx.baseline.topicShare(topic);
  const bound = ctx.state.topicCallers.get(topic)!.sums(ctx.minute);
  const possible = o.windows.some((_, i) => {
    const expected = topicShare * ctx.cityExpected[i];
    return bound[i] >= o.citywideMinRatio * expected && bound[i] - expected >= o.citywideMinExcess;
  });
  if (!possible) return null;
  for (const cell of cells) cell.rolling.advance(ctx.minute);
  const counts = cells.map((c) => c.rolling.counts());
  let best: Detection | null = null;
  o.windows.forEach((minutes, i) => {
    const spread: Spread[] = cells.map((cell, j) => ({ cell, observed: counts[j][i].distinctCallers, expected: ctx.baseline.shareOf(cell.key) * ctx.cityExpected[i] }));
    const observed = spread.reduce((a, d) => a + d.observed, 0);
    const expected = topicShare * ctx.cityExpected[i];
    const excess = observed - expected;
    if (observed < o.citywideMinRatio * expected || excess < o.citywideMinExcess) return;
    const above = spread.filter((d) => d.observed > d.expected);
    const biggest = Math.max(...spread.map((d) => d.observed - d.expected));
    if (above.length < o.citywideMinDistricts || biggest > o.citywideMaxDistrictShare * excess) return;
    const p = negativeBinomialUpperTail(observed, expected, o.citywideDispersion);
    if (p > o.citywideP || (best && p >= best.pValue!)) return;
    const reports = counts.reduce((a, c) => a + c[i].reports, 0);
    best = {
      kind: 'citywide', district: null, topic, windowMinutes: minutes, count: reports,
      distinctCallers: observed, expected, pValue: p, score: -Math.log10(Math.max(p, 1e-300)),
      detector: 'citywide', detail: `${above.length} districts above expectation, p=${p.toExponential(1)}`,
      reportIds: () => cells.flatMap((c) => c.rolling.reportIds(minutes)).slice(-500),
      districts: above.sort((a, b) => b.observed - b.expected - (a.observed - a.expected)).map((d) => d.cell.district),
    };
  });
  return best;
}
