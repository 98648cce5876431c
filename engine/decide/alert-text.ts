// How an alert names itself: a replay-stable id and a summary an officer can read at a glance.
import type { AlertKind } from '../../schemas/alert-event.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { CityClock } from '../time/event-time.ts';

/**
 * Deterministic id: kind, cell and the local minute that opened it, e.g. surge-gaoxin-property-202601031042;
 * a district alert has no topic (district-jinjiang-202601031042).
 */
export function alertId(
  kind: AlertKind,
  district: string | null,
  topic: string | null,
  openedAt: number,
  clock: CityClock,
  extra = '',
): string {
  const local = clock.format(openedAt).slice(0, 16).replace(/[-T:]/g, '');
  return [kind, district ?? 'city', topic, local, extra].filter(Boolean).join('-');
}

/** What a district alert (every topic of its district together) reads where a topic's name would stand. */
const ALL_TOPICS = '各类诉求普遍上升';

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** "2.1e-9" style for p-values; plain digits for ordinary ones. */
export const formatP = (p: number): string => (p >= 0.001 ? p.toFixed(3) : p.toExponential(1));

export interface SummaryFacts {
  readonly district: string | null;
  readonly topic: string | null;
  readonly count: number;
  readonly distinctCallers: number;
  readonly expected: number;
  readonly minutes: number;
  readonly detail: string;
}

/** A span as an officer writes it: "45分钟", "3小时", "1小时30分钟". */
export function spanText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${minutes}分钟`;
  return rest === 0 ? `${hours}小时` : `${hours}小时${rest}分钟`;
}

/**
 * The summary an officer would write: "高新区 物业管理：1小时内21人反映23件，往常约2.1人（10.0倍）；p=3.2e-12" — place,
 * topic, span, people and reports, what is usual for the window, then the detector's own evidence. A district
 * nothing settled reads 未定位, never its code; a district alert's topics together read 各类诉求普遍上升.
 */
export function summarize(profile: Profile, f: SummaryFacts): string {
  const where = profile.districtName(f.district);
  const what = f.topic === null ? ALL_TOPICS : (profile.topic(f.topic)?.name ?? f.topic);
  const usual =
    f.expected > 0
      ? `往常约${round(f.expected, 1)}人（${round(f.distinctCallers / f.expected, 1).toFixed(1)}倍）`
      : '往常几乎没有';
  return `${where} ${what}：${spanText(f.minutes)}内${f.distinctCallers}人反映${f.count}件，${usual}；${f.detail}`;
}

export { round };
