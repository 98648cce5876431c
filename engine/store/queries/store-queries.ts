// The one query surface the gateway and the morning report use; the same SQL runs on every backend.
import type { LiveAlert } from '../../../schemas/alert-workflow.ts';
import type { QueryContext } from './query-context.ts';
import {
  alertHistory,
  alertReports,
  getAlert,
  listAlerts,
  responseTimes,
  type AlertHistoryEntry,
  type AlertListRequest,
  type AlertReport,
  type TextView,
  type AlertPage,
  type UnitResponseTimes,
} from './alert-query.ts';
import { cellMinutes, type CellMinuteCount } from './cell-minutes-query.ts';
import { dailyCounts, latestReceivedAt, type DayCount } from './daily-counts-query.ts';
import { dailyTotals, type DailyTotals, type Tally } from './daily-totals-query.ts';
import {
  cells,
  series,
  topCells,
  type CellsRequest,
  type SeriesPoint,
  type SeriesRequest,
  type TopCell,
  type TopCellsRequest,
} from './series-query.ts';
import { hourlyCounts, type HourlyCellCount } from './warm-start-query.ts';
import {
  dailyOpenData,
  hourlyOpenData,
  resolvedAlerts,
  type OpenDataLevel,
  type OpenDataRow,
  type PublicAlert,
} from './open-data-query.ts';

export interface StoreQueries {
  /** Reports and callers per bucket for a cell, district, topic or the city, zero-filled. */
  series(req: SeriesRequest): Promise<SeriesPoint[]>;
  /** Cells furthest above the same window of past weeks. */
  topCells(req: TopCellsRequest): Promise<TopCell[]>;
  /** Every cell now against the same window of past weeks (the heat grid), highest score first. */
  cells(req: CellsRequest): Promise<TopCell[]>;
  /** Stored closed minutes of every cell in [from, to), at most a day. */
  cellMinutes(req: { from: number; to: number }): Promise<CellMinuteCount[]>;
  listAlerts(req?: AlertListRequest): Promise<AlertPage>;
  /** One alert with its workflow, or null. */
  getAlert(alertId: string): Promise<LiveAlert | null>;
  alertHistory(alertId: string): Promise<AlertHistoryEntry[]>;
  /** The reports behind an alert (its reportIds), newest first. */
  alertReports(req: { reportIds: readonly string[]; limit?: number; text?: TextView }): Promise<AlertReport[]>;
  responseTimes(req?: { from?: number; to?: number; now?: number }): Promise<UnitResponseTimes[]>;
  /** A local day (YYYY-MM-DD) by topic, district, channel and hour. */
  dailyTotals(day: string): Promise<DailyTotals>;
  /** Reports and distinct callers per local day in [from, to] (YYYY-MM-DD, inclusive), zero-filled. */
  dailyCounts(req: { from: string; to: string }): Promise<DayCount[]>;
  /** Epoch ms of the newest stored report, or null when there is none. */
  latestReceivedAt(): Promise<number | null>;
  /** Warm start: hourly counts per cell over the last `weeks` weeks before `until`. */
  hourlyCounts(req: { until: number; weeks: number }): Promise<HourlyCellCount[]>;
  /** Open data: reports and people per local day in [from, to] by district × topic × channel, with every margin. */
  dailyOpenData(req: { from: string; to: string }): Promise<OpenDataRow[]>;
  /** Open data: reports and people per hour in [from, to) by district × topic, with every margin. */
  hourlyOpenData(req: { from: number; to: number }): Promise<OpenDataRow[]>;
  /** Alerts resolved in [from, to), oldest first, as the public may see them. */
  resolvedAlerts(req: { from: number; to: number }): Promise<PublicAlert[]>;
}

export function createQueries(ctx: QueryContext): StoreQueries {
  return {
    series: (req) => series(ctx, req),
    topCells: (req) => topCells(ctx, req),
    cells: (req) => cells(ctx, req),
    cellMinutes: (req) => cellMinutes(ctx, req),
    listAlerts: (req) => listAlerts(ctx, req),
    getAlert: (id) => getAlert(ctx, id),
    alertHistory: (id) => alertHistory(ctx, id),
    alertReports: (req) => alertReports(ctx, req),
    responseTimes: (req) => responseTimes(ctx, req),
    dailyTotals: (day) => dailyTotals(ctx, day),
    dailyCounts: (req) => dailyCounts(ctx, req),
    latestReceivedAt: () => latestReceivedAt(ctx),
    hourlyCounts: (req) => hourlyCounts(ctx, req),
    dailyOpenData: (req) => dailyOpenData(ctx, req),
    hourlyOpenData: (req) => hourlyOpenData(ctx, req),
    resolvedAlerts: (req) => resolvedAlerts(ctx, req),
  };
}

export type {
  AlertHistoryEntry,
  AlertListRequest,
  AlertPage,
  AlertReport,
  CellMinuteCount,
  CellsRequest,
  DailyTotals,
  DayCount,
  HourlyCellCount,
  OpenDataLevel,
  OpenDataRow,
  PublicAlert,
  SeriesPoint,
  SeriesRequest,
  Tally,
  TopCell,
  TopCellsRequest,
  UnitResponseTimes,
};
