// Builds what the wall shows at one moment: each cell's last window (closed minutes read from SERIES) against
// the same window of past weeks (from the store, asked again only when the feed clock enters a new minute),
// and the headline figures (the day's reports, the last hour, open alerts from the board).
import { MINUTE_MS } from '../../engine/time/event-time.ts';
import type { LiveKpis, Snapshot, SnapshotCell } from '../../schemas/live-events.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { AlertBoard } from './alert-board.ts';
import type { CellWindow, WindowTotals } from './cell-window.ts';

type Expected = { readonly reports: number; readonly callers: number };

export class SnapshotBuilder {
  private expected: { minute: number; byCell: Map<string, Expected & { district: string; topic: string }> } | null =
    null;

  constructor(
    private readonly ctx: Pick<GatewayContext, 'store' | 'clock' | 'feedClock'>,
    private readonly board: AlertBoard,
    private readonly window: CellWindow,
    readonly weeks = 4,
  ) {}

  /** The headline figures at `now` (epoch ms, feed time). */
  kpis(now: number): LiveKpis {
    return this.kpisOf(this.window.totals(now));
  }

  private kpisOf(totals: WindowTotals): LiveKpis {
    return {
      day: totals.day,
      reportsToday: totals.reportsToday,
      reportsLastHour: totals.reportsLastWindow,
      ...this.board.counts(),
    };
  }

  /** A snapshot at the feed clock's now. */
  async build(): Promise<Snapshot> {
    const now = this.ctx.feedClock.now();
    const expected = await this.expectedAt(now);
    const totals = this.window.totals(now);
    const cells: SnapshotCell[] = [];
    const cell = (district: string, topic: string, reports: number, callers: number, e: Expected | undefined) => {
      const expectedCallers = e?.callers ?? 0;
      cells.push({
        district,
        topic,
        reports,
        callers,
        expectedReports: e?.reports ?? 0,
        expectedCallers,
        // Two decimals: it only orders and colours cells, and goes out twice a second to every wall.
        score: Math.round((100 * (callers - expectedCallers)) / Math.sqrt(expectedCallers + 1)) / 100,
      });
    };
    for (const [key, c] of totals.cells) cell(c.district, c.topic, c.reports, c.callers, expected.get(key));
    for (const [key, e] of expected) if (!totals.cells.has(key)) cell(e.district, e.topic, 0, 0, e);
    cells.sort((a, b) => b.score - a.score || a.district.localeCompare(b.district) || a.topic.localeCompare(b.topic));
    return {
      at: this.ctx.clock.format(now),
      t: now,
      builtAt: Date.now(),
      windowMinutes: this.window.windowMinutes,
      weeks: this.weeks,
      kpis: this.kpisOf(totals),
      cells,
    };
  }

  /** Past weeks' mean for the window ending at the start of `now`'s minute, per cell; cached for that minute. */
  private async expectedAt(now: number): Promise<Map<string, Expected & { district: string; topic: string }>> {
    const minute = Math.floor(now / MINUTE_MS);
    if (this.expected?.minute === minute) return this.expected.byCell;
    const rows = await this.ctx.store.queries.cells({
      at: minute * MINUTE_MS,
      windowMinutes: this.window.windowMinutes,
      weeks: this.weeks,
    });
    const byCell = new Map(
      rows
        .filter((r) => r.expectedReports > 0)
        .map((r) => [
          `${r.district}.${r.topic}`,
          { district: r.district, topic: r.topic, reports: r.expectedReports, callers: r.expectedCallers },
        ]),
    );
    this.expected = { minute, byCell };
    return byCell;
  }
}
