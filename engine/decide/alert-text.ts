// How an alert names itself: a replay-stable id and a summary an officer can read at a glance.
import type { AlertKind } from '../../schemas/alert-event.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { CityClock } from '../time/event-time.ts';

/** Deterministic id: kind, cell and the local minute that opened it, e.g. surge-gaoxin-property-202601031042. */
export function alertId(
  kind: AlertKind,
  district: string | null,
  topic: string,
  openedAt: number,
  clock: CityClock,
  extra = '',
): string {
  const local = clock.format(openedAt).slice(0, 16).replace(/[-T:]/g, '');
  return [kind, district ?? 'city', topic, local, extra].filter(Boolean).join('-');
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** "2.1e-9" style for p-values; plain digits for ordinary ones. */
export const formatP = (p: number): string => (p >= 0.001 ? p.toFixed(3) : p.toExponential(1));

export interface SummaryFacts {
  readonly district: string | null;
  readonly topic: string;
  readonly count: number;
  readonly distinctCallers: number;
  readonly expected: number;
  readonly minutes: number;
  readonly detail: string;
}

/** "高新区 物业管理 23 reports from 21 people in 60 min (expected 2.1, 10.0×, p=3.2e-12)". */
export function summarize(profile: Profile, f: SummaryFacts): string {
  const where = f.district === null ? '全市' : (profile.district(f.district)?.name ?? f.district);
  const what = profile.topic(f.topic)?.name ?? f.topic;
  const ratio = f.expected > 0 ? `${round(f.distinctCallers / f.expected, 1).toFixed(1)}×` : 'new';
  return (
    `${where} ${what} ${f.count} reports from ${f.distinctCallers} people in ${f.minutes} min (expected ` +
    `${round(f.expected, 1)}, ${ratio}, ${f.detail})`
  );
}

export { round };
