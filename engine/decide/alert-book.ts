// The alert lifecycle: one alert per episode per cell, opened once, updated as it grows,
// resolved after the cell has been quiet for a while (hysteresis, so it does not flap).
import type { Alert, AlertEvent, AlertEventType, AlertKind } from '../../schemas/alert-event.ts';
import type { Profile } from '../profile/city-profile.ts';
import { MINUTE_MS, type CityClock } from '../time/event-time.ts';
import { alertId, round, summarize } from './alert-text.ts';

/** What a detector found in one closed minute for one cell (or one topic city-wide, or one district's topics). */
export interface Detection {
  readonly kind: AlertKind;
  readonly district: string | null;
  readonly topic: string | null;
  readonly windowMinutes: number;
  readonly count: number;
  readonly distinctCallers: number;
  readonly expected: number;
  readonly pValue?: number;
  readonly score: number;
  readonly detector: string;
  /** The test's own words for the summary, e.g. "p=3.2e-12" or "CUSUM 7.1 ≥ 6". */
  readonly detail: string;
  /** Evaluated only when an alert opens or grows: most measurements change nothing. */
  readonly reportIds: () => readonly string[];
  readonly districts?: readonly string[];
  readonly topics?: readonly string[];
  /** Appended to the alert id: a day-scale episode may open in the minute a minute-scale one of its cell does. */
  readonly idExtra?: string;
}

interface Episode {
  alert: Alert;
  /** Event time (ms) since which the cell has been quiet, or null while it is not. */
  quietSince: number | null;
  readonly ids: Set<string>;
}

/** The open episodes by key: each alert as last emitted, and since when its cell has been quiet. */
export type BookState = Array<[string, { alert: Alert; quietSince: number | null }]>;

export class AlertBook {
  private readonly episodes = new Map<string, Episode>();
  /** keys()'s answer until an episode opens or ends: asked every minute, it changes a few times a day. */
  private keyList: readonly string[] | null = null;

  constructor(
    private readonly profile: Profile,
    private readonly clock: CityClock,
    private readonly quietMinutes: number,
    state?: BookState,
  ) {
    for (const [k, { alert, quietSince }] of state ?? [])
      this.episodes.set(k, { alert, quietSince, ids: new Set(alert.reportIds) });
  }

  has(key: string): boolean {
    return this.episodes.has(key);
  }

  /** Open episodes' keys in opening order; a copy that later opens and resolutions leave alone. */
  keys(): readonly string[] {
    return (this.keyList ??= Object.freeze([...this.episodes.keys()]));
  }

  /** Open episodes in total: zero lets a minute skip every per-episode pass. */
  get size(): number {
    return this.episodes.size;
  }

  get(key: string): Alert | undefined {
    return this.episodes.get(key)?.alert;
  }

  /** Open a new episode at event time `at` (the end of the deciding minute). */
  open(key: string, d: Detection, at: number): AlertEvent {
    const alert = this.describe(
      d,
      {
        id: alertId(d.kind, d.district, d.topic, at, this.clock, d.idExtra),
        openedAt: this.clock.format(at),
        status: 'open',
      },
      at,
    );
    const ep: Episode = { alert, quietSince: null, ids: new Set(d.reportIds()) };
    alert.reportIds = [...ep.ids];
    this.episodes.set(key, ep);
    this.keyList = null;
    return event('alert.opened', alert);
  }

  /** Record a fresh measurement; emits `alert.updated` only when the episode grew. */
  grow(key: string, d: Detection, at: number): AlertEvent | null {
    const ep = this.episodes.get(key)!;
    ep.quietSince = null;
    if (d.distinctCallers <= ep.alert.distinctCallers) return null;
    for (const id of d.reportIds()) ep.ids.add(id);
    const { id, openedAt, status, incidentIds } = ep.alert;
    ep.alert = this.describe(d, { id, openedAt, status }, at);
    ep.alert.reportIds = [...ep.ids];
    if (incidentIds) ep.alert.incidentIds = incidentIds;
    return event('alert.updated', ep.alert);
  }

  /** The cell looked normal this minute; resolve once it has for `quietMinutes` (the book's, unless given). */
  quiet(key: string, at: number, quietMinutes = this.quietMinutes): AlertEvent | null {
    const ep = this.episodes.get(key)!;
    ep.quietSince ??= at;
    if (at - ep.quietSince < quietMinutes * MINUTE_MS) return null;
    this.episodes.delete(key);
    this.keyList = null;
    const resolved = this.clock.format(at);
    return event('alert.resolved', { ...ep.alert, status: 'resolved', updatedAt: resolved, resolvedAt: resolved });
  }

  /** Record that an incident alert lies inside this episode's cell; `alert.updated` when it is new. */
  link(key: string, incidentId: string, at: number): AlertEvent | null {
    const ep = this.episodes.get(key);
    if (!ep || ep.alert.incidentIds?.includes(incidentId)) return null;
    ep.alert = {
      ...ep.alert,
      incidentIds: [...(ep.alert.incidentIds ?? []), incidentId],
      updatedAt: this.clock.format(at),
    };
    return event('alert.updated', ep.alert);
  }

  private describe(d: Detection, fixed: Pick<Alert, 'id' | 'openedAt' | 'status'>, at: number): Alert {
    const expected = round(d.expected, 2);
    return {
      id: fixed.id,
      kind: d.kind,
      district: d.district,
      topic: d.topic,
      openedAt: fixed.openedAt,
      updatedAt: this.clock.format(at),
      count: d.count,
      distinctCallers: d.distinctCallers,
      expected,
      ratio: round(d.expected > 0 ? d.distinctCallers / d.expected : d.distinctCallers, 2),
      windowMinutes: d.windowMinutes,
      ...(d.pValue === undefined ? {} : { pValue: Number(d.pValue.toPrecision(3)) }),
      score: round(d.score, 2),
      detector: d.detector,
      status: fixed.status,
      summary: summarize(this.profile, { ...d, minutes: d.windowMinutes }),
      reportIds: [],
      ...(d.districts ? { districts: [...d.districts] } : {}),
      ...(d.topics ? { topics: [...d.topics] } : {}),
    };
  }

  state(): BookState {
    return [...this.episodes].map(([k, ep]) => [k, { alert: ep.alert, quietSince: ep.quietSince }]);
  }
}

const event = (type: AlertEventType, alert: Alert): AlertEvent => ({ type, alert: { ...alert } });
