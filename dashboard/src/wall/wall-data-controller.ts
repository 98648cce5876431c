// The wall's figures that do not come with each snapshot: the profile's labels, today's rankings (GET
// /api/summary), the 24-hour trends with their expected band (GET /api/series) kept current by the socket's
// `series` deltas, and the same weekday last week for the header. REST is asked rarely; the socket does the rest.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SeriesMinutes } from '../../../schemas/live-events.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { Labels } from '../shared/labels.ts';
import type { LiveController } from '../shared/live-controller.ts';
import { cellKey, cellOf } from './alert-cells.ts';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;
/** Trends drawn beside the city's: the newest cells in alert. */
const MAX_ALERT_TRENDS = 2;
/** How long after a jump in the feed's time the trends are fetched again, once the store has written it. */
const STORE_CATCH_UP_MS = 5_000;

export interface TrendPoint {
  readonly t: number;
  readonly callers: number;
  readonly expectedCallers: number;
  readonly low: number;
  readonly high: number;
}

export interface Trend {
  readonly key: string;
  readonly district: string | null;
  readonly topic: string | null;
  readonly points: TrendPoint[];
}

export interface Tally {
  readonly code: string;
  readonly label: string;
  readonly reports: number;
}

interface SeriesAnswer {
  points: {
    t: number;
    at: string;
    reports: number;
    callers: number;
    expectedCallers: number;
    low: number;
    high: number;
  }[];
}

interface SummaryAnswer {
  byDistrict: Tally[];
  byTopic: Tally[];
}

export class WallDataController implements ReactiveController {
  labels: Labels | null = null;
  byDistrict: Tally[] = [];
  byTopic: Tally[] = [];
  /** The city first, then the cells in alert. */
  trends: Trend[] = [];
  /** Reports on the same weekday last week up to the same time of day, or null until known. */
  lastWeekSoFar: number | null = null;
  /** The newest archived morning report's day, YYYY-MM-DD, or null while there is none. */
  latestReport: string | null = null;
  error: string | null = null;

  private timers: ReturnType<typeof setInterval>[] = [];
  private unsubscribe: (() => void) | null = null;
  private alertCells: string[] = [];
  /** When minutes outside the trends last fetched them again: a fast replay must not fetch once per delta. */
  private lastRefetch = 0;
  private trailingRefetch: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: ApiClient,
    private readonly live: LiveController,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.guard(async () => {
      this.labels = await Labels.load(this.api);
    });
    void this.refreshSummary();
    void this.refreshTrends();
    void this.refreshLastWeek();
    void this.refreshLatestReport();
    this.timers = [
      setInterval(() => void this.refreshSummary(), 30_000),
      setInterval(() => void this.refreshTrends(), 60_000),
      setInterval(() => void this.refreshLastWeek(), 5 * 60_000),
      setInterval(() => void this.refreshLatestReport(), 60_000),
    ];
    this.unsubscribe = this.live.onSeries((delta) => this.applySeries(delta));
  }

  hostDisconnected(): void {
    for (const timer of this.timers) clearInterval(timer);
    if (this.trailingRefetch) clearTimeout(this.trailingRefetch);
    this.unsubscribe?.();
  }

  /** Called on each render: when the cells in alert change, their trends are fetched and their minutes followed. */
  followAlertCells(cells: readonly { district: string; topic: string }[]): void {
    // A cell with a surge and an incident in it is one trend.
    const keys = [...new Set(cells.map((c) => cellKey(c.district, c.topic)))].slice(0, MAX_ALERT_TRENDS);
    if (keys.join() === this.alertCells.join()) return;
    for (const key of this.alertCells) if (!keys.includes(key)) void this.live.leave({ trend: cellOf(key) });
    for (const key of keys) if (!this.alertCells.includes(key)) void this.live.join({ trend: cellOf(key) });
    this.alertCells = keys;
    void this.refreshTrends();
  }

  /** Made once a day just after midnight (feed time in a replay, where days pass in seconds): asked every minute. */
  private async refreshLatestReport(): Promise<void> {
    await this.guard(async () => {
      const list = await this.api.get<{ reports: { day: string }[] }>('/reports?limit=1');
      this.latestReport = list.reports[0]?.day ?? null;
    });
  }

  private async refreshSummary(): Promise<void> {
    await this.guard(async () => {
      const summary = await this.api.get<SummaryAnswer>('/api/summary');
      this.byDistrict = summary.byDistrict;
      this.byTopic = summary.byTopic;
    });
  }

  private async refreshTrends(): Promise<void> {
    await this.guard(async () => {
      const wanted = [null, ...this.alertCells];
      this.trends = await Promise.all(
        wanted.map(async (key) => {
          const cell = key === null ? null : cellOf(key);
          const query = cell === null ? '' : `&district=${cell.district}&topic=${cell.topic}`;
          const series = await this.api.get<SeriesAnswer>(`/api/series?bucket=hour&hours=24${query}`);
          return {
            key: key ?? 'city',
            district: cell?.district ?? null,
            topic: cell?.topic ?? null,
            points: series.points,
          };
        }),
      );
    });
  }

  /**
   * Last week's reports up to this time of day: its whole hours before now − 7 days, and the share of the hour in
   * progress (the series is hourly; the minute series reaches back one day only).
   */
  private async refreshLastWeek(): Promise<void> {
    await this.guard(async () => {
      const series = await this.api.get<SeriesAnswer>('/api/series?bucket=hour&hours=192');
      const last = series.points.at(-1);
      if (!last) return;
      const now = this.live.snapshot?.t ?? last.t + HOUR_MS;
      const thenDay = new Date(Date.parse(`${last.at.slice(0, 10)}T00:00:00Z`) - WEEK_MS).toISOString().slice(0, 10);
      const then = now - WEEK_MS;
      let sum = 0;
      for (const p of series.points) {
        if (p.at.slice(0, 10) !== thenDay || p.t >= then) continue;
        sum += p.t + HOUR_MS <= then ? p.reports : (p.reports * (then - p.t)) / HOUR_MS;
      }
      this.lastWeekSoFar = Math.round(sum);
    });
  }

  /**
   * Closed minutes added to the trends' last buckets (as new arrays, so the charts redraw). A minute outside the
   * fetched 24 hours (the next hour, or a replay whose feed clock is far from the one the trends were fetched at)
   * fetches the trends and rankings afresh, and again once the minutes stop jumping: the store trails the stream.
   */
  private applySeries(delta: SeriesMinutes): void {
    let stale = false;
    this.trends = this.trends.map((trend) => {
      const lastPoint = trend.points.at(-1);
      const first = trend.points[0];
      if (!lastPoint || !first) return trend;
      const minutes =
        trend.district === null
          ? delta.city
          : delta.minutes.filter((m) => m.district === trend.district && m.topic === trend.topic);
      let added = 0;
      for (const m of minutes) {
        const t = m.minute * 60_000;
        if (t >= lastPoint.t + HOUR_MS || t < first.t) stale = true;
        else if (t >= lastPoint.t) added += m.callers;
      }
      if (added === 0) return trend;
      return { ...trend, points: [...trend.points.slice(0, -1), { ...lastPoint, callers: lastPoint.callers + added }] };
    });
    if (stale) this.refetchSoon();
    this.host.requestUpdate();
  }

  /** At once (at most once per catch-up interval), and again a catch-up interval after the last call. */
  private refetchSoon(): void {
    const refetch = () => {
      this.lastRefetch = Date.now();
      void this.refreshTrends();
      void this.refreshSummary();
      void this.refreshLatestReport();
    };
    if (Date.now() - this.lastRefetch >= STORE_CATCH_UP_MS) refetch();
    if (this.trailingRefetch) clearTimeout(this.trailingRefetch);
    this.trailingRefetch = setTimeout(() => {
      this.trailingRefetch = null;
      refetch();
    }, STORE_CATCH_UP_MS);
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
      this.error = null;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
    this.host.requestUpdate();
  }
}
