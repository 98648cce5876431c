// 承办单位响应: a fair ranking of responsible units. A unit with two cases and two on time is not better than one
// with forty and thirty-eight, so each rate is shrunk toward the city's rate and units with too few cases are
// listed, not ranked.
import type { MorningReport } from '../../schemas/morning-report.ts';
import { shrinkTowards } from '../stats/shrink-towards.ts';
import type { UnitResponseTimes } from '../store/index.ts';

export interface UnitRankingOptions {
  /** Fewer dispatched cases than this: listed, not ranked. */
  readonly minimumCases: number;
  /** Pseudo-cases at the city's rate added to each unit. */
  readonly priorWeight: number;
}

export const UNIT_RANKING_DEFAULTS: UnitRankingOptions = { minimumCases: 5, priorWeight: 10 };

/** The units section from response times over the ranking period (the 30 days up to the report's day). */
export function rankUnits(
  times: readonly UnitResponseTimes[],
  options: UnitRankingOptions = UNIT_RANKING_DEFAULTS,
): MorningReport['units'] {
  const cases = times.reduce((n, t) => n + t.dispatched, 0);
  const onTime = times.reduce((n, t) => n + t.resolvedInTime, 0);
  const cityRate = cases > 0 ? onTime / cases : null;
  const rows = times
    .map((t) => {
      const rate = t.dispatched > 0 ? t.resolvedInTime / t.dispatched : null;
      return {
        unit: t.unit,
        cases: t.dispatched,
        resolvedInTime: t.resolvedInTime,
        rate,
        shrunkRate:
          rate === null || cityRate === null ? null : shrinkTowards(rate, t.dispatched, cityRate, options.priorWeight),
        acknowledgeMedianMinutes: t.acknowledgeMedianMinutes,
        resolveMedianMinutes: t.resolveMedianMinutes,
        ranked: t.dispatched >= options.minimumCases,
        rank: null as number | null,
      };
    })
    .sort(
      (a, b) =>
        Number(b.ranked) - Number(a.ranked) ||
        (b.shrunkRate ?? -1) - (a.shrunkRate ?? -1) ||
        (a.resolveMedianMinutes ?? Infinity) - (b.resolveMedianMinutes ?? Infinity) ||
        a.unit.localeCompare(b.unit),
    );
  let rank = 0;
  for (const row of rows) if (row.ranked) row.rank = ++rank;
  return {
    minimumCases: options.minimumCases,
    cityRate,
    priorWeight: options.priorWeight,
    method:
      `按近30日派单的按时办结率排名：各单位办结率按经验贝叶斯方法向全市平均` +
      `${cityRate === null ? '' : `（${(cityRate * 100).toFixed(1)}%）`}收缩，相当于为每个单位加入` +
      `${options.priorWeight}件按全市平均办结的虚拟案件；案件少于${options.minimumCases}件的单位列出但不排名。`,
    rows,
  };
}
