// Matches opened alerts to the injected truth of a generated feed: recall, false alarms, decoy hits, delays.
// Pure: no clock, no I/O; times come from the ISO strings of the truth and the alerts.
import { median, quantile } from 'simple-statistics';
import type { AlertKind } from '../../schemas/alert-event.ts';
import { SURGE_KINDS, type SurgeKind, type Truth, type TruthSurge } from '../generate/truth.ts';
import { DAY_MS } from '../time/event-time.ts';

/** The fields of an `alert.opened` event that scoring needs. */
export interface OpenedAlert {
  readonly id: string;
  readonly kind: AlertKind;
  readonly district: string | null;
  readonly topic: string | null;
  readonly openedAt: string;
}

export interface Delays {
  /** Minutes from surge start to the first matching alert; null when nothing was detected. */
  readonly median: number | null;
  readonly p90: number | null;
}

export interface KindScore extends Delays {
  readonly detected: number;
  readonly total: number;
  /** null when there was no surge of this kind to find. */
  readonly recall: number | null;
}

export interface SurgeOutcome {
  readonly id: string;
  readonly kind: SurgeKind;
  readonly district: string | null;
  readonly topic: string;
  readonly start: string;
  readonly end: string;
  /** The first alert that matched, or null when missed. */
  readonly alertId: string | null;
  readonly delayMinutes: number | null;
}

/** explained: a district alert during a busy day of its district, an observation rather than a detection. */
export type AlertVerdict = 'detection' | 'extra' | 'citywide_spill' | 'explained' | 'false_alarm';

export interface AlertOutcome extends OpenedAlert {
  readonly verdict: AlertVerdict;
  /** The surge it detected, or the decoy it fell for. */
  readonly matched?: string;
  readonly morningPeak?: boolean;
}

export interface DetectionScore {
  readonly warmupDays: number;
  readonly scoredFrom: string;
  readonly scoredTo: string;
  readonly scoredDays: number;
  readonly alertsScored: number;
  readonly byKind: Readonly<Record<SurgeKind, KindScore>>;
  readonly overall: { readonly detected: number; readonly total: number; readonly recall: number | null };
  /** Delays of incident and small_incident together. */
  readonly incidentDelay: Delays;
  /** Alerts matching no surge (decoy hits included). */
  readonly falseAlarms: number;
  readonly falseAlarmsPerDay: number;
  /** False alarms opened inside a morning-peak decoy window. */
  readonly morningPeakFalseAlarms: number;
  /** False alarms in the cell and window of a repeat-caller decoy. */
  readonly decoyHits: number;
  /** District alerts on the topic of a citywide surge during it: neither detections nor false alarms. */
  readonly citywideSpill: number;
  /** Further alerts on a surge that an earlier alert already detected. */
  readonly extraAlerts: number;
  /** District alerts during a busy day of their district (truth's busyDays), and how many busy days had one. */
  readonly explained: number;
  readonly busyDaysFound: { readonly found: number; readonly total: number };
  readonly surges: readonly SurgeOutcome[];
  readonly alerts: readonly AlertOutcome[];
}

/** An alert still counts as a detection this long after the surge ends. */
export const MATCH_GRACE_MS = 60 * 60_000;

const INCIDENT_KINDS: ReadonlySet<SurgeKind> = new Set(['incident', 'small_incident']);

const within = (t: number, w: { start: string; end: string }) =>
  t >= Date.parse(w.start) && t <= Date.parse(w.end) + MATCH_GRACE_MS;

/**
 * Does this alert detect this surge? Cell surges need a surge/incident alert of the cell; citywide a citywide alert of
 * the topic. A district alert detects no surge: it is explained by a busy day of its district or a false alarm.
 */
function detects(alert: OpenedAlert, t: number, surge: TruthSurge): boolean {
  if (alert.kind === 'district' || alert.topic !== surge.topic || !within(t, surge)) return false;
  if (surge.kind === 'citywide') return alert.kind === 'citywide';
  return alert.kind !== 'citywide' && alert.district === surge.district;
}

/**
 * Score the opened alerts of a detector run against the truth of a generated feed. Alerts opened and surges
 * starting during the first `warmupDays` days are ignored.
 */
export function scoreAlerts(
  truth: Truth,
  alerts: readonly OpenedAlert[],
  options: { warmupDays: number },
): DetectionScore {
  const from = Date.parse(truth.start) + options.warmupDays * DAY_MS;
  const to = Date.parse(truth.end);
  const scored = (s: TruthSurge) => Date.parse(s.start) >= from;
  const firstHit = new Map<string, { alertId: string; t: number }>();
  const outcomes: AlertOutcome[] = [];
  const timed = alerts
    .map((a) => ({ a, t: Date.parse(a.openedAt) }))
    .filter((x) => x.t >= from)
    .sort((x, y) => x.t - y.t);
  for (const { a, t } of timed) {
    const hit = truth.surges.find((s) => detects(a, t, s));
    if (hit) {
      if (!scored(hit)) continue;
      const extra = firstHit.has(hit.id);
      if (!extra) firstHit.set(hit.id, { alertId: a.id, t });
      outcomes.push({ ...a, verdict: extra ? 'extra' : 'detection', matched: hit.id });
      continue;
    }
    const busy =
      a.kind === 'district'
        ? truth.busyDays?.find((b) => b.kind === 'busy' && b.district === a.district && within(t, b))
        : undefined;
    if (busy) {
      outcomes.push({ ...a, verdict: 'explained', matched: busy.id });
      continue;
    }
    const spill =
      a.kind !== 'citywide' && truth.surges.some((s) => s.kind === 'citywide' && s.topic === a.topic && within(t, s));
    if (spill) {
      outcomes.push({ ...a, verdict: 'citywide_spill' });
      continue;
    }
    const decoy = truth.decoys.find(
      (d) => d.kind === 'repeat_caller' && d.district === a.district && d.topic === a.topic && within(t, d),
    );
    const morningPeak = truth.decoys.some(
      (d) => d.kind === 'morning_peak' && t >= Date.parse(d.start) && t <= Date.parse(d.end),
    );
    outcomes.push({
      ...a,
      verdict: 'false_alarm',
      ...(decoy ? { matched: decoy.id } : {}),
      ...(morningPeak ? { morningPeak } : {}),
    });
  }
  const surges: SurgeOutcome[] = truth.surges.filter(scored).map((s) => {
    const hit = firstHit.get(s.id);
    const delayMinutes = hit ? Math.round((hit.t - Date.parse(s.start)) / 6000) / 10 : null;
    return {
      id: s.id,
      kind: s.kind,
      district: s.district,
      topic: s.topic,
      start: s.start,
      end: s.end,
      alertId: hit?.alertId ?? null,
      delayMinutes,
    };
  });
  const falseAlarms = outcomes.filter((o) => o.verdict === 'false_alarm');
  const scoredDays = Math.max(0, (to - from) / DAY_MS);
  return {
    warmupDays: options.warmupDays,
    scoredFrom: isoLike(from, truth.start),
    scoredTo: truth.end,
    scoredDays,
    alertsScored: timed.length,
    byKind: Object.fromEntries(SURGE_KINDS.map((k) => [k, kindScore(surges.filter((s) => s.kind === k))])) as Record<
      SurgeKind,
      KindScore
    >,
    overall: recallOf(surges),
    incidentDelay: delaysOf(surges.filter((s) => INCIDENT_KINDS.has(s.kind))),
    falseAlarms: falseAlarms.length,
    falseAlarmsPerDay: scoredDays > 0 ? falseAlarms.length / scoredDays : 0,
    morningPeakFalseAlarms: falseAlarms.filter((o) => o.morningPeak).length,
    decoyHits: falseAlarms.filter((o) => o.matched).length,
    citywideSpill: outcomes.filter((o) => o.verdict === 'citywide_spill').length,
    extraAlerts: outcomes.filter((o) => o.verdict === 'extra').length,
    explained: outcomes.filter((o) => o.verdict === 'explained').length,
    busyDaysFound: {
      found: new Set(outcomes.flatMap((o) => (o.verdict === 'explained' ? [o.matched] : []))).size,
      total: (truth.busyDays ?? []).filter((b) => b.kind === 'busy' && Date.parse(b.start) >= from).length,
    },
    surges,
    alerts: outcomes,
  };
}

function recallOf(surges: readonly SurgeOutcome[]) {
  const detected = surges.filter((s) => s.alertId !== null).length;
  return { detected, total: surges.length, recall: surges.length > 0 ? detected / surges.length : null };
}

function delaysOf(surges: readonly SurgeOutcome[]): Delays {
  const delays = surges.flatMap((s) => (s.delayMinutes === null ? [] : [s.delayMinutes]));
  if (delays.length === 0) return { median: null, p90: null };
  const tenth = (x: number) => Math.round(x * 10) / 10;
  return { median: tenth(median(delays)), p90: tenth(quantile(delays, 0.9)) };
}

function kindScore(surges: readonly SurgeOutcome[]): KindScore {
  return { ...recallOf(surges), ...delaysOf(surges) };
}

/** Epoch ms as ISO 8601 with the same UTC offset as `like` (e.g. +08:00), seconds precision. */
function isoLike(t: number, like: string): string {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(like);
  if (!m) return new Date(t).toISOString();
  const offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return `${new Date(t + offset * 60_000).toISOString().slice(0, 19)}${m[0]}`;
}
