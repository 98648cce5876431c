// The console's alert list: a filtered page from GET /api/alerts, kept live by the socket's board. Every alert the
// board holds is newer than the page's oldest row or the page is the last one, so merging the two and filtering
// again at render shows each change at once (a new alert appears, an acknowledged one leaves an "open" list).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LiveAlert } from '../../../schemas/alert-workflow.ts';
import type { ApiClient } from '../shared/api-client.ts';
import type { LiveController } from '../shared/live-controller.ts';
import type { AlertPage } from './console-api.ts';
import { type AlertFilter, filterQuery, matchesFilter, newestFirst, OPEN_WORK } from './alert-filters.ts';

const PAGE = 100;

export class AlertListController implements ReactiveController {
  filter: AlertFilter = OPEN_WORK;
  loading = false;
  error: string | null = null;
  private page: LiveAlert[] = [];
  private nextCursor: string | null = null;
  /** Each load's number: an answer to a filter no longer shown is dropped. */
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: ApiClient,
    private readonly live: LiveController,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.load();
  }

  get hasMore(): boolean {
    return this.nextCursor !== null;
  }

  setFilter(change: Partial<AlertFilter>): void {
    this.filter = { ...this.filter, ...change };
    void this.load();
  }

  /** The rows to show at feed time `now`: the page with the board's newer state, filtered, newest first. */
  rows(now: number): LiveAlert[] {
    const oldest = this.page.at(-1);
    const merged = new Map(this.page.map((a) => [a.id, a]));
    // Older than the page's last row and more pages exist: it belongs to a page not fetched yet.
    for (const alert of this.live.alerts.values())
      if (merged.has(alert.id) || this.nextCursor === null || !oldest || newestFirst(alert, oldest) <= 0)
        merged.set(alert.id, alert);
    return [...merged.values()].filter((a) => matchesFilter(a, this.filter, now)).sort(newestFirst);
  }

  /** The next, older page under the same filter. */
  more(): Promise<void> {
    return this.load(this.nextCursor ?? undefined);
  }

  private async load(cursor?: string): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    const query = filterQuery(this.filter, PAGE);
    if (cursor) query.set('cursor', cursor);
    try {
      const page = await this.api.get<AlertPage>(`/api/alerts?${query}`);
      if (generation !== this.generation) return;
      this.page = cursor ? [...this.page, ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
    } catch (err) {
      if (generation !== this.generation) return;
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }
}
