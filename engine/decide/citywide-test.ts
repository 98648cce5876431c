// One topic rising in many districts at once: the topic's city total against its expectation, and a
// breadth check so that one big incident in one district is never mistaken for a policy shock.
import { negativeBinomialUpperTail } from '../stats/index.ts';
import type { Detection } from './alert-book.ts';
import { citywideKey, type DecisionContext } from './decision-context.ts';
import { windowExpectation } from './window-expectation.ts';

/** Distinct callers vs expected, per district, for one topic over one trailing window. */
export function districtSpread(ctx: DecisionContext, topic: string, minutes: number): Array<{ district: string; observed: number; expected: number }> {
  const out = [];
  for (const cell of ctx.state.cells.values()) {
    if (cell.topic !== topic) continue;
    cell.rolling.advance(ctx.minute);
    const observed = cell.rolling.counts().find((w) => w.minutes === minutes)!.distinctCallers;
    const expected = windowExpectation(ctx.clock, ctx.minute, minutes, (h) => ctx.baseline.cellHourly(cell.key, h));
    out.push({ district: cell.district, observed, expected });
  }
  return out;
}

/** The strongest citywide window for a topic that passes every gate, or null. */
export function testCitywide(ctx: DecisionContext, topic: string): Detection | null {
  const o = ctx.options;
  const rolling = ctx.state.topics.get(topic)!;
  rolling.advance(ctx.minute);
  let best: Detection | null = null;
  const topicShare = ctx.baseline.topicShare(topic);
  for (const w of rolling.counts()) {
    const expected = windowExpectation(ctx.clock, ctx.minute, w.minutes, (h) => ctx.baseline.cityHourly(h) * topicShare);
    const excess = w.distinctCallers - expected;
    if (w.distinctCallers < o.citywideMinRatio * expected || excess < o.citywideMinExcess) continue;
    const spread = districtSpread(ctx, topic, w.minutes);
    const above = spread.filter((d) => d.observed > d.expected);
    const biggest = Math.max(...spread.map((d) => d.observed - d.expected));
    if (above.length < o.citywideMinDistricts || biggest > o.citywideMaxDistrictShare * excess) continue;
    const p = negativeBinomialUpperTail(w.distinctCallers, expected, o.citywideDispersion);
    if (p > o.citywideP || (best && p >= best.pValue!)) continue;
    best = {
      kind: 'citywide', district: null, topic, windowMinutes: w.minutes, count: w.reports,
      distinctCallers: w.distinctCallers, expected, pValue: p, score: -Math.log10(Math.max(p, 1e-300)),
      detector: 'citywide', detail: `${above.length} districts above expectation, p=${p.toExponential(1)}`,
      reportIds: rolling.reportIds(w.minutes).slice(-500),
      districts: above.sort((a, b) => b.observed - b.expected - (a.observed - a.expected)).map((d) => d.district),
    };
  }
  return best;
}

/** How far the whole topic runs above normal right now (≥ 1), to read each district against. */
export function citywideFactor(ctx: DecisionContext, topic: string): number {
  const alert = ctx.book.get(citywideKey(topic));
  return alert ? Math.max(1, alert.ratio) : 1;
}
