// The live alerts one gateway holds: the engine's events merged with people's actions in ALERTS order, and the
// recent changes kept by sequence so a client that reconnects gets exactly what it missed.
import type { AlertEvent, AlertKind } from '../../schemas/alert-event.ts';
import type { LiveAlert, LiveAlertChange } from '../../schemas/alert-workflow.ts';
import type { LiveKpis, SequencedAlertChange } from '../../schemas/live-events.ts';
import { mergeEngineEvent } from '../../engine/alerts/alert-workflow.ts';

/** Resolved alerts stay on the board this long after their resolution (event time), then leave it. */
export const RECENT_MS = 24 * 3_600_000;

export interface AlertBoardOptions {
  /** Changes held for reconnecting clients; one older than the oldest held gets the whole board instead. */
  readonly keepChanges?: number;
}

export class AlertBoard {
  private readonly alerts = new Map<string, LiveAlert>();
  private readonly changes: SequencedAlertChange[] = [];
  private readonly keepChanges: number;
  private lastSeq = 0;
  /** Sequences ≤ this are not held: a client behind it gets the whole board. */
  private forgottenThrough = 0;

  constructor(options: AlertBoardOptions = {}) {
    this.keepChanges = options.keepChanges ?? 10_000;
  }

  /** The ALERTS sequence the board reflects. */
  get seq(): number {
    return this.lastSeq;
  }

  /**
   * Start from stored alerts, as of before stream sequence `throughSeq` (the stream's changes from there on are
   * applied after, so the store may lag the stream by what the gateway re-reads).
   */
  seed(alerts: readonly LiveAlert[], throughSeq: number): void {
    for (const a of alerts) this.alerts.set(a.id, a);
    this.lastSeq = this.forgottenThrough = throughSeq;
  }

  /**
   * Apply an engine event at `seq`. An event older than the alert the board holds (a re-read after seeding) is
   * skipped so figures never go back; null then.
   */
  applyEngineEvent(event: AlertEvent, seq: number): SequencedAlertChange | null {
    const previous = this.alerts.get(event.alert.id);
    if (previous && Date.parse(event.alert.updatedAt) < Date.parse(previous.updatedAt)) return this.pass(seq);
    const alert = mergeEngineEvent(previous, event);
    return this.record({ type: event.type, at: event.alert.updatedAt, alert }, seq);
  }

  /**
   * Apply a person's action (a LiveAlertChange published on alerts.workflow): its status and workflow win, the
   * engine's figures stay those of the newer of the two.
   */
  applyWorkflow(change: LiveAlertChange, seq: number): SequencedAlertChange {
    const held = this.alerts.get(change.alert.id);
    const figures =
      held && Date.parse(held.updatedAt) > Date.parse(change.alert.updatedAt) ? held : (change.alert as LiveAlert);
    const { resolvedAt: _figuresResolvedAt, ...rest } = figures;
    const alert: LiveAlert = {
      ...rest,
      ...(change.alert.resolvedAt ? { resolvedAt: change.alert.resolvedAt } : {}),
      status: change.alert.status,
      workflow: change.alert.workflow,
    };
    return this.record({ ...change, alert }, seq);
  }

  /** Changes after `seq` in order, or null when some are no longer held (then send `state()`). */
  changesSince(seq: number): SequencedAlertChange[] | null {
    if (seq > this.lastSeq || seq < this.forgottenThrough) return null;
    let i = this.changes.length;
    while (i > 0 && this.changes[i - 1].seq > seq) i--;
    return this.changes.slice(i);
  }

  /** Unresolved alerts, and those resolved within RECENT_MS of `now` (epoch ms, feed time); newest first. */
  current(now: number): LiveAlert[] {
    const out: LiveAlert[] = [];
    for (const a of this.alerts.values()) {
      if (a.status === 'resolved' && Date.parse(a.resolvedAt ?? a.updatedAt) < now - RECENT_MS) {
        this.alerts.delete(a.id);
        continue;
      }
      out.push(a);
    }
    return out.sort((x, y) => Date.parse(y.openedAt) - Date.parse(x.openedAt) || (x.id < y.id ? 1 : -1));
  }

  /** Unresolved alerts counted by status and kind. */
  counts(): Pick<LiveKpis, 'openAlerts' | 'openByStatus' | 'openByKind'> {
    const openByStatus = { open: 0, acknowledged: 0, dispatched: 0 };
    const openByKind: Record<AlertKind, number> = { surge: 0, incident: 0, citywide: 0, district: 0 };
    let openAlerts = 0;
    for (const a of this.alerts.values()) {
      if (a.status === 'resolved') continue;
      openAlerts++;
      openByStatus[a.status]++;
      openByKind[a.kind]++;
    }
    return { openAlerts, openByStatus, openByKind };
  }

  private record(change: LiveAlertChange, seq: number): SequencedAlertChange {
    this.alerts.set(change.alert.id, change.alert);
    const sequenced = { ...change, seq };
    this.changes.push(sequenced);
    if (this.changes.length > this.keepChanges) this.forgottenThrough = this.changes.shift()!.seq;
    this.lastSeq = seq;
    return sequenced;
  }

  /** A message at `seq` changed nothing (re-read, or not an alert): a client at `seq` has missed nothing. */
  pass(seq: number): null {
    this.lastSeq = Math.max(this.lastSeq, seq);
    return null;
  }
}
