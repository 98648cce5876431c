// Every topic of one district rising together (weather, local news, a district office's hours): the district's
// total against what the rest of the city's volume in the same window implies × its learned share (so a busy day
// for the whole city is no district shock), with a breadth check so one topic's surge is never taken for it.
import { expectedFromRest } from '../stats/index.ts';
import type { Detection } from './alert-book.ts';
import type { CellState } from './city-state.ts';
import type { CityTotals } from './citywide-test.ts';
import type { DistrictWideOptions } from './decider-options.ts';
import { cellShare, type DecisionContext } from './decision-context.ts';
import { clearsVolume, testGroup, type GroupGates } from './group-test.ts';

/**
 * The district-wide options as the gates of a group test: strict to open; to stay open, only the ratio
 * followRatio at p ≤ followP, so one busy day is one alert rather than one each time it dips under the strict gates.
 */
export function districtWideGates(o: DistrictWideOptions, follow: { readonly followP: number } | null): GroupGates {
  const open = {
    p: o.p,
    dispersion: o.dispersion,
    minRatio: o.minRatio,
    minExcess: o.minExcess,
    minAbove: o.minTopics,
    maxCellShare: o.maxTopicShare,
  };
  return follow ? { ...open, p: follow.followP, minRatio: o.followRatio, minExcess: 0, minAbove: 0 } : open;
}

/** The strongest window of the district's topics together that passes every gate, or null. */
export function testDistrictWide(
  ctx: DecisionContext,
  district: string,
  cells: readonly CellState[],
  city: CityTotals,
  gates: GroupGates,
): Detection | null {
  const own = ctx.state.districtCallers.get(district)!.sums(ctx.minute);
  let share = 0;
  for (const cell of cells) share += cellShare(ctx.baseline, cell);
  const expectedFor = city.callers.map((total, i) => expectedFromRest(total, own[i], share, city.share));
  // The cheap screen on the district's summed minutes, an upper bound of its distinct callers.
  if (!expectedFor.some((expected, i) => clearsVolume(own[i], expected, gates))) return null;
  const group = {
    kind: 'district',
    district,
    topic: null,
    cells,
    share,
    detector: 'district-wide',
    listAs: 'topics',
    unit: '类问题',
  } as const;
  return testGroup(ctx, group, expectedFor, gates);
}
