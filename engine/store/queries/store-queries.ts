// The one query surface the gateway and the morning report use; the same SQL runs on every backend.
import type { QueryContext } from './query-context.ts';
import {
  alertHistory,
  listAlerts,
  responseTimes,
  type AlertHistoryEntry,
  type AlertListRequest,
  type AlertPage,
  type UnitResponseTimes,
} from './alert-query.ts';
import { dailyTotals, type DailyTotals } from './daily-totals-query.ts';
import {
  series,
  topCells,
  type SeriesPoint,
  type SeriesRequest,
  type TopCell,
  type TopCellsRequest,
} from './series-query.ts';
import { hourlyCounts, type HourlyCellCount } from './warm-start-query.ts';

export interface StoreQueries {
  /** Reports and callers per bucket for a cell, district, topic or the city, zero-filled. */
  series(req: SeriesRequest): Promise<SeriesPoint[]>;
  /** Cells furthest above the same window of past weeks. */
  topCells(req: TopCellsRequest): Promise<TopCell[]>;
  listAlerts(req?: AlertListRequest): Promise<AlertPage>;
  alertHistory(alertId: string): Promise<AlertHistoryEntry[]>;
  responseTimes(req?: { from?: number; to?: number }): Promise<UnitResponseTimes[]>;
  /** A local day (YYYY-MM-DD) by topic, district, channel and hour. */
  dailyTotals(day: string): Promise<DailyTotals>;
  /** Warm start: hourly counts per cell over the last `weeks` weeks before `until`. */
  hourlyCounts(req: { until: number; weeks: number }): Promise<HourlyCellCount[]>;
}

export function createQueries(ctx: QueryContext): StoreQueries {
  return {
    series: (req) => series(ctx, req),
    topCells: (req) => topCells(ctx, req),
    listAlerts: (req) => listAlerts(ctx, req),
    alertHistory: (id) => alertHistory(ctx, id),
    responseTimes: (req) => responseTimes(ctx, req),
    dailyTotals: (day) => dailyTotals(ctx, day),
    hourlyCounts: (req) => hourlyCounts(ctx, req),
  };
}

export type {
  AlertHistoryEntry,
  AlertListRequest,
  AlertPage,
  DailyTotals,
  HourlyCellCount,
  SeriesPoint,
  SeriesRequest,
  TopCell,
  TopCellsRequest,
  UnitResponseTimes,
};
