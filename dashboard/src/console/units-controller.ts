// The unit view's figures: GET /api/units for each unit's dispatches, in-time counts and median times, fetched
// again (at most every few seconds) when the board changes; open and overdue now counted from the live board.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LiveController } from '../shared/live-controller.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { isOverdue } from './alert-filters.ts';
import type { UnitFiguresView, UnitsView } from './console-api.ts';

/** Fetch again no more often than this while alerts keep changing (a busy hour moves many). */
const REFRESH_MS = 5_000;

export interface UnitRow extends UnitFiguresView {
  /** Dispatched to the unit and not resolved, from the live board. */
  readonly openNow: number;
  readonly overdueLive: number;
}

export class UnitsController implements ReactiveController {
  units: UnitFiguresView[] = [];
  error: string | null = null;
  private boardSeen: unknown = null;
  private lastFetch = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: ApiClient,
    private readonly live: LiveController,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.fetch();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  hostUpdate(): void {
    if (this.live.alerts === this.boardSeen) return;
    this.boardSeen = this.live.alerts;
    if (this.timer === undefined)
      this.timer = setTimeout(() => void this.fetch(), Math.max(0, this.lastFetch + REFRESH_MS - Date.now()));
  }

  /** Each unit with its open and overdue alerts counted on the board at feed time `now`. */
  rows(now: number): UnitRow[] {
    const open = new Map<string, number>();
    const overdue = new Map<string, number>();
    for (const alert of this.live.alerts.values()) {
      const unit = alert.workflow.unit;
      if (unit === null || alert.status === 'resolved') continue;
      open.set(unit, (open.get(unit) ?? 0) + 1);
      if (isOverdue(alert, now)) overdue.set(unit, (overdue.get(unit) ?? 0) + 1);
    }
    return this.units.map((u) => ({ ...u, openNow: open.get(u.unit) ?? 0, overdueLive: overdue.get(u.unit) ?? 0 }));
  }

  /** Unit names in the profile's order, for the dispatch form and the filter. */
  get names(): string[] {
    return this.units.map((u) => u.unit);
  }

  private async fetch(): Promise<void> {
    this.timer = undefined;
    this.lastFetch = Date.now();
    try {
      this.units = (await this.api.get<UnitsView>('/api/units')).units;
      this.error = null;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
    this.host.requestUpdate();
  }
}
