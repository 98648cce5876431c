// Turns a cluster into the alert stream's `incident` alert: deterministic id, counts, urgency and a summary that
// names the place and the problem ("高新区 物业管理：紫荆小区3栋 电梯、困人 — 45分钟内23人反映").
import type { Alert, AlertEvent, AlertEventType } from '../../schemas/alert-event.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { CityClock } from '../time/event-time.ts';
import { MINUTE_MS } from '../time/event-time.ts';
import { incidentUrgency } from '../enrich/urgency.ts';
import { alertId, spanText } from '../decide/alert-text.ts';
import { fnv1a } from '../fnv1a.ts';
import { distinctCallers, placePhrase, problemWords, type ClusterState } from './incident-cluster.ts';

export const DETECTOR = 'incident-cluster';

/** Callers a place normally hears from in one window: the incident's `expected`. */
export const BACKGROUND_CALLERS = 1;

export interface AlertContext {
  readonly profile: Profile;
  readonly clock: CityClock;
  readonly placeKeyOf: (place: string) => string;
  /** Words not to show as the problem (district names, landmarks). */
  readonly isAreaWord: (word: string) => boolean;
}

/** The alert id, in the same form as every alert's: kind, cell, opening local minute, then the place key's hash. */
export function incidentId(c: ClusterState, openedMinute: number, clock: CityClock): string {
  return alertId(
    'incident',
    c.district,
    c.topic,
    openedMinute * MINUTE_MS,
    clock,
    fnv1aHex(c.key.slice(c.key.indexOf('|') + 1)),
  );
}

/** One alert event for the cluster's current state at event minute `minute`. */
export function incidentEvent(type: AlertEventType, c: ClusterState, minute: number, ctx: AlertContext): AlertEvent {
  const open = c.alert!;
  const callers = distinctCallers(c);
  const first = c.members[0]?.minute ?? minute;
  const last = c.members[c.members.length - 1]?.minute ?? minute;
  const span = Math.max(1, last - first + 1);
  const urgency = incidentUrgency(
    c.members.map((m) => ({ score: 0, signals: [...m.signals] })),
    (callers * 60) / Math.max(span, 30),
  );
  const place = placePhrase(c, ctx.placeKeyOf);
  const words = problemWords(c, (w) => ctx.isAreaWord(w) || (place?.includes(w) ?? false));
  const alert: Alert & { urgency: { score: number; signals: string[] } } = {
    id: open.id,
    kind: 'incident',
    district: c.district,
    topic: c.topic,
    openedAt: ctx.clock.format(open.openedMinute * MINUTE_MS),
    updatedAt: ctx.clock.format(minute * MINUTE_MS),
    ...(type === 'alert.resolved' ? { resolvedAt: ctx.clock.format(minute * MINUTE_MS) } : {}),
    count: c.members.length,
    distinctCallers: callers,
    expected: BACKGROUND_CALLERS,
    ratio: callers / BACKGROUND_CALLERS,
    windowMinutes: span,
    score: urgency.score,
    detector: DETECTOR,
    status: type === 'alert.resolved' ? 'resolved' : 'open',
    summary: summary(c, place, words, callers, span, ctx.profile),
    reportIds: c.members.map((m) => m.id),
    ...(place !== null ? { place } : {}),
    urgency,
  };
  return { type, alert };
}

function summary(
  c: ClusterState,
  place: string | null,
  words: string[],
  callers: number,
  span: number,
  profile: Profile,
): string {
  // An unplaced cluster reads 未定位, never the code `unknown`.
  const district = profile.districtName(c.district);
  const topic = profile.topic(c.topic)?.name ?? c.topic;
  const what = [place, words.join('、')].filter((s) => s !== null && s !== '').join(' ') || '同一问题';
  return `${district} ${topic}：${what} — ${spanText(span)}内${callers}人反映`;
}

/** FNV-1a of a string as 8 hex digits. */
function fnv1aHex(s: string): string {
  return fnv1a(s).toString(16).padStart(8, '0');
}
