// One topic rising in many districts at once: the topic's city total against what the other topics'
// volume in the same window implies (so a busy day for the whole city is not a shock to one topic), and a
// breadth check so that one big incident in one district is never mistaken for a policy shock.
import { expectedFromRest } from '../stats/index.ts';
import type { Detection } from './alert-book.ts';
import type { CellState } from './city-state.ts';
import type { DecisionContext } from './decision-context.ts';
import { clearsVolume, testGroup, type GroupGates } from './group-test.ts';

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
  return city.callers.map((total, i) => expectedFromRest(total, own[i], share, city.share));
}

/** The cheap screen, allocation-free: some window's upper bound of callers clears the ratio and excess gates. */
function anyWindowPossible(
  ctx: DecisionContext,
  topic: string,
  bound: readonly number[],
  city: CityTotals,
  g: GroupGates,
): boolean {
  const share = ctx.baseline.topicShare(topic);
  for (let i = 0; i < bound.length; i++)
    if (clearsVolume(bound[i], expectedFromRest(city.callers[i], bound[i], share, city.share), g)) return true;
  return false;
}

/** The citywide options as the gates of a group test. */
export function citywideGates(o: DecisionContext['options']): GroupGates {
  return {
    p: o.citywideP,
    dispersion: o.citywideDispersion,
    minRatio: o.citywideMinRatio,
    minExcess: o.citywideMinExcess,
    minAbove: o.citywideMinDistricts,
    maxCellShare: o.citywideMaxDistrictShare,
  };
}

/** The strongest citywide window for a topic that passes every gate, or null. */
export function testCitywide(
  ctx: DecisionContext,
  topic: string,
  cells: readonly CellState[],
  city: CityTotals,
  gates: GroupGates,
): Detection | null {
  const bound = ctx.state.topicCallers.get(topic)!.sums(ctx.minute);
  if (!anyWindowPossible(ctx, topic, bound, city, gates)) return null;
  const expectedFor = expectationFromOtherTopics(ctx, topic, bound, city);
  const group = {
    kind: 'citywide',
    district: null,
    topic,
    cells,
    share: ctx.baseline.topicShare(topic),
    detector: 'citywide',
    listAs: 'districts',
    unit: '个区',
  } as const;
  return testGroup(ctx, group, expectedFor, gates);
}
