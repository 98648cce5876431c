// Everything the console keeps once signed in, made together for one token: the live feed, the feed clock, the
// list, the alert page, the units and the labels. A sign-out reloads the page, so a session never outlives its token.
import type { ReactiveControllerHost } from 'lit';
import { ApiClient } from '../shared/api-client.ts';
import { FeedClockController } from '../shared/feed-clock-controller.ts';
import { Labels } from '../shared/labels.ts';
import { LiveController } from '../shared/live-controller.ts';
import { AlertDetailController } from './alert-detail-controller.ts';
import { AlertListController } from './alert-list-controller.ts';
import { UnitsController } from './units-controller.ts';

export class ConsoleSession {
  readonly api: ApiClient;
  readonly live: LiveController;
  readonly clock: FeedClockController;
  readonly list: AlertListController;
  readonly detail: AlertDetailController;
  readonly units: UnitsController;
  labels: Labels | null = null;
  labelsError: string | null = null;

  constructor(host: ReactiveControllerHost, token: string) {
    this.api = new ApiClient(token);
    this.live = new LiveController(host, { token });
    this.clock = new FeedClockController(host, this.live);
    this.list = new AlertListController(host, this.api, this.live);
    this.detail = new AlertDetailController(host, this.api, this.live);
    this.units = new UnitsController(host, this.api, this.live);
    Labels.load(this.api).then(
      (labels) => {
        this.labels = labels;
        host.requestUpdate();
      },
      (err: unknown) => {
        this.labelsError = err instanceof Error ? err.message : String(err);
        host.requestUpdate();
      },
    );
  }

  /** Feed time now: the snapshot's event time ticking on, or the newest alert change before the first snapshot. */
  get now(): number {
    return this.clock.now ?? (this.live.changes[0] ? Date.parse(this.live.changes[0].at) : Date.now());
  }
}
