// Prints a detection score as the table `lizheng score` shows: recall and delays by kind, false alarms, decoys, spill.
import type { Profile } from '../profile/city-profile.ts';
import { SURGE_KINDS } from '../generate/truth.ts';
import type { DetectionScore, Delays } from './score-alerts.ts';

const MAX_LISTED = 15;

const ratio = (r: number | null) => (r === null ? '  –  ' : r.toFixed(2));
const mins = (m: number | null) => (m === null ? '–' : `${Math.round(m * 10) / 10} min`);
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

/** Cell label with Chinese names and codes: 高新区 (gaoxin) × 物业管理 (property). */
function cellLabel(profile: Profile | null, district: string | null, topic: string | null): string {
  if (!profile) return `${district ?? 'city'} × ${topic ?? 'all'}`;
  return `${profile.districtLabel(district)} × ${profile.topicLabel(topic)}`;
}

const delayText = (d: Delays) => `median ${mins(d.median)}, p90 ${mins(d.p90)}`;

/** The score as a text table; labels come from the profile when one is given. */
export function formatScore(score: DetectionScore, profile: Profile | null): string {
  const lines: string[] = [];
  lines.push(
    `Detection quality: ${score.scoredDays.toFixed(1)} scored days ${score.scoredFrom} → ${score.scoredTo} ` +
      `(warm-up ${score.warmupDays} days), ${score.alertsScored} alerts opened`,
  );
  lines.push('');
  lines.push(
    `${pad('kind', 16)}${lpad('detected', 10)}${lpad('recall', 8)}${lpad('median delay', 15)}${lpad('p90 delay', 12)}`,
  );
  for (const kind of SURGE_KINDS) {
    const k = score.byKind[kind];
    lines.push(
      `${pad(kind, 16)}${lpad(`${k.detected}/${k.total}`, 10)}${lpad(ratio(k.recall), 8)}${lpad(mins(k.median), 15)}` +
        `${lpad(mins(k.p90), 12)}`,
    );
  }
  lines.push(
    `${pad('all', 16)}${lpad(`${score.overall.detected}/${score.overall.total}`, 10)}` +
      `${lpad(ratio(score.overall.recall), 8)}`,
  );
  lines.push('');
  lines.push(`incident delay (incident + small_incident): ${delayText(score.incidentDelay)}`);
  lines.push(
    `false alarms:   ${score.falseAlarms} (${score.falseAlarmsPerDay.toFixed(2)} a day; ` +
      `${score.morningPeakFalseAlarms} in morning-peak windows)`,
  );
  lines.push(
    `decoy hits:     ${score.decoyHits} (alerts on a repeat caller's cell and window; also counted as false alarms)`,
  );
  lines.push(`citywide spill: ${score.citywideSpill} district alerts on the topic of a citywide surge while it lasted`);
  lines.push(`extra alerts:   ${score.extraAlerts} further alerts on surges already detected`);
  if (score.busyDaysFound.total > 0)
    lines.push(
      `busy days:      ${score.busyDaysFound.found}/${score.busyDaysFound.total} raised as district alerts ` +
        `(${score.explained} explained district alerts, not false alarms)`,
    );
  const missed = score.surges.filter((s) => s.alertId === null);
  if (missed.length > 0) {
    lines.push('', `missed (${missed.length}):`);
    for (const s of missed.slice(0, MAX_LISTED))
      lines.push(`  ${pad(s.id, 22)} ${cellLabel(profile, s.district, s.topic)}  ${s.start} → ${s.end}`);
  }
  const falseAlarms = score.alerts.filter((a) => a.verdict === 'false_alarm');
  if (falseAlarms.length > 0) {
    lines.push(
      '',
      `false alarms (${falseAlarms.length}${falseAlarms.length > MAX_LISTED ? `, first ${MAX_LISTED}` : ''}):`,
    );
    for (const a of falseAlarms.slice(0, MAX_LISTED)) {
      const note = a.matched ? `  decoy ${a.matched}` : a.morningPeak ? '  in morning peak' : '';
      lines.push(`  ${a.openedAt}  ${pad(a.kind, 9)} ${cellLabel(profile, a.district, a.topic)}${note}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
