// One alert's page: its detail from GET /api/alerts/:id, fetched again whenever the socket brings a change of it
// (the timeline and the series live only on the server), and the officer's moves posted to the workflow routes
// with the gateway's refusal kept for the view to show as it was said.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DeadlineClass, LiveAlert, WorkflowAction } from '../../../schemas/alert-workflow.ts';
import { ApiError, type ApiClient } from '../shared/api-client.ts';
import type { LiveController } from '../shared/live-controller.ts';
import type { AlertDetailView } from './console-api.ts';

export interface MoveRequest {
  readonly action: WorkflowAction;
  readonly note?: string;
  readonly unit?: string;
  readonly deadline?: DeadlineClass;
}

export class AlertDetailController implements ReactiveController {
  id: string | null = null;
  detail: AlertDetailView | null = null;
  loadError: string | null = null;
  /** The gateway's answer to the last refused move, as it said it. */
  actionError: string | null = null;
  /** The catalogue code of that answer (LZ_TRANSITION_REFUSED: the alert's status no longer allows the move). */
  actionErrorCode: string | null = null;
  busy = false;
  /** Moves the gateway took on this alert since it was shown (the view closes its form on each). */
  moved = 0;
  /** The board's copy the detail was fetched for: a different one means the alert changed. */
  private seen: LiveAlert | undefined;
  private fetching = false;
  private again = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: ApiClient,
    private readonly live: LiveController,
  ) {
    host.addController(this);
  }

  /** The alert as it stands now: the board's copy is the newest (every change reaches it in order). */
  get alert(): LiveAlert | null {
    return (this.id && this.live.alerts.get(this.id)) || this.detail?.alert || null;
  }

  show(id: string | null): void {
    if (id === this.id) return;
    Object.assign(this, { id, detail: null, loadError: null, actionError: null, seen: undefined, moved: 0 });
    if (id) void this.fetch();
  }

  hostUpdate(): void {
    if (!this.id) return;
    const current = this.live.alerts.get(this.id);
    if (current && current !== this.seen && this.detail) void this.fetch();
  }

  /** A form opened afresh: the last refusal no longer applies. */
  clearError(): void {
    this.actionError = null;
    this.host.requestUpdate();
  }

  async move(request: MoveRequest): Promise<boolean> {
    if (!this.id || this.busy) return false;
    const { action, ...body } = request;
    Object.assign(this, { busy: true, actionError: null, actionErrorCode: null });
    this.host.requestUpdate();
    try {
      await this.api.post(`/api/alerts/${encodeURIComponent(this.id)}/${action}`, body);
      this.moved++;
      void this.fetch();
      return true;
    } catch (err) {
      this.actionError = err instanceof Error ? err.message : String(err);
      this.actionErrorCode = err instanceof ApiError ? err.code : null;
      return false;
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  /** One request at a time; changes arriving meanwhile make one more. */
  private async fetch(): Promise<void> {
    if (this.fetching) {
      this.again = true;
      return;
    }
    const id = this.id;
    if (!id) return;
    this.fetching = true;
    this.seen = this.live.alerts.get(id);
    try {
      const detail = await this.api.get<AlertDetailView>(`/api/alerts/${encodeURIComponent(id)}`);
      if (id === this.id) Object.assign(this, { detail, loadError: null });
    } catch (err) {
      if (id === this.id) this.loadError = err instanceof Error ? err.message : String(err);
    } finally {
      this.fetching = false;
      this.host.requestUpdate();
      if (this.again) {
        this.again = false;
        void this.fetch();
      }
    }
  }
}
