// "Now" as the feed means it: the last snapshot's event time, ticking on between snapshots, so a replay or demo
// shows its own day and hour rather than the machine's date.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LiveController } from './live-controller.ts';

export class FeedClockController implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly live: LiveController,
    private readonly tickMs = 1_000,
  ) {
    host.addController(this);
  }

  /** Epoch ms of the feed now, or null before the first snapshot. */
  get now(): number | null {
    const snapshot = this.live.snapshot;
    if (!snapshot) return null;
    return snapshot.t + (performance.now() - this.live.snapshotReceivedAt);
  }

  hostConnected(): void {
    this.timer = setInterval(() => this.host.requestUpdate(), this.tickMs);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
  }
}

/** "2025-06-03 19:42:05" in the city's time zone (not the browser's). */
export function formatFeedTime(t: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(t);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}
