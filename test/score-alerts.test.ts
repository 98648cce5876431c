// Scoring alerts against truth on a small hand-made case with known answers.
import { describe, expect, it } from 'vitest';
import { scoreAlerts, type OpenedAlert } from '../engine/score/score-alerts.ts';
import type { Truth, TruthSurge, TruthDecoy } from '../engine/generate/truth.ts';

const at = (dayTime: string) => `2026-01-${dayTime}:00+08:00`; // at('02T10:00') → 2026-01-02T10:00:00+08:00

function surge(
  id: string,
  kind: TruthSurge['kind'],
  district: string | null,
  topic: string,
  start: string,
  end: string,
): TruthSurge {
  return { id, kind, district, topic, start: at(start), end: at(end), people: 10, place: null, reportIds: [] };
}
function decoy(
  id: string,
  kind: TruthDecoy['kind'],
  district: string | null,
  topic: string | null,
  start: string,
  end: string,
): TruthDecoy {
  return { id, kind, district, topic, start: at(start), end: at(end), reportIds: [] };
}
let n = 0;
function alert(
  kind: OpenedAlert['kind'],
  district: string | null,
  topic: string | null,
  openedAt: string,
): OpenedAlert {
  return { id: `A${++n}`, kind, district, topic, openedAt: at(openedAt) };
}

const truth: Truth = {
  version: 1,
  profile: 'chengdu',
  seed: 'hand',
  days: 4,
  start: at('01T00:00'),
  end: at('05T00:00'),
  injectFrom: at('01T00:00'),
  reports: 0,
  surges: [
    surge('S00-incident', 'incident', 'gaoxin', 'property', '01T10:00', '01T11:00'),
    surge('S01-incident', 'incident', 'gaoxin', 'property', '02T10:00', '02T11:30'),
    surge('S02-small_incident', 'small_incident', 'pujiang', 'public_safety', '02T14:00', '02T14:45'),
    surge('S03-slow_burn', 'slow_burn', 'wuhou', 'noise', '03T08:00', '03T20:00'),
    surge('S04-citywide', 'citywide', null, 'housing', '03T09:00', '03T17:00'),
    surge('S05-incident', 'incident', 'chenghua', 'labor', '04T09:00', '04T10:00'),
  ],
  decoys: [
    decoy('D01-repeat_caller', 'repeat_caller', 'jinniu', 'consumer', '02T16:00', '02T18:00'),
    decoy('D02-morning_peak', 'morning_peak', null, null, '04T09:00', '04T12:00'),
  ],
};

const alerts: OpenedAlert[] = [
  alert('incident', 'gaoxin', 'property', '01T10:10'), // warm-up: ignored
  alert('incident', 'gaoxin', 'property', '02T10:12'), // S01 detected after 12 min
  alert('surge', 'gaoxin', 'property', '02T10:20'), // S01 again: extra
  alert('surge', 'pujiang', 'public_safety', '02T15:40'), // S02 within end + 60 min: 100 min
  alert('surge', 'jinniu', 'consumer', '02T17:00'), // repeat caller decoy: false alarm + decoy hit
  alert('citywide', null, 'housing', '03T09:40'), // S04 after 40 min
  alert('surge', 'jinjiang', 'housing', '03T10:00'), // citywide spill
  alert('surge', 'qingyang', 'housing', '03T11:00'), // citywide spill
  alert('citywide', null, 'traffic', '03T12:00'), // false alarm
  alert('surge', 'wuhou', 'housing', '03T21:30'), // false alarm (S03 is noise, not housing)
  alert('surge', 'chenghua', 'labor', '04T11:05'), // 5 min past S05's grace: false alarm in the morning peak
];

describe('scoreAlerts', () => {
  const score = scoreAlerts(truth, alerts, { warmupDays: 1 });

  it('scores only after the warm-up', () => {
    expect(score.scoredDays).toBe(3);
    expect(score.scoredFrom).toBe('2026-01-02T00:00:00+08:00');
    expect(score.alertsScored).toBe(10);
    expect(score.surges.map((s) => s.id)).not.toContain('S00-incident');
  });

  it('gives recall by kind and overall', () => {
    expect(score.byKind.incident).toMatchObject({ detected: 1, total: 2, recall: 0.5, median: 12 });
    expect(score.byKind.small_incident).toMatchObject({ detected: 1, total: 1, recall: 1, median: 100 });
    expect(score.byKind.slow_burn).toMatchObject({ detected: 0, total: 1, recall: 0, median: null, p90: null });
    expect(score.byKind.citywide).toMatchObject({ detected: 1, total: 1, recall: 1, median: 40 });
    expect(score.overall).toEqual({ detected: 3, total: 5, recall: 0.6 });
  });

  it('measures incident delays from surge start to the first matching alert', () => {
    expect(score.incidentDelay).toEqual({ median: 56, p90: 91.2 }); // p90 interpolates between 12 and 100
    expect(score.surges.find((s) => s.id === 'S01-incident')).toMatchObject({ alertId: 'A2', delayMinutes: 12 });
  });

  it('counts false alarms, decoy hits, morning-peak false alarms, citywide spill and extra alerts', () => {
    expect(score.falseAlarms).toBe(4);
    expect(score.falseAlarmsPerDay).toBeCloseTo(4 / 3, 10);
    expect(score.decoyHits).toBe(1);
    expect(score.morningPeakFalseAlarms).toBe(1);
    expect(score.citywideSpill).toBe(2);
    expect(score.extraAlerts).toBe(1);
    expect(score.alerts.find((a) => a.id === 'A5')).toMatchObject({
      verdict: 'false_alarm',
      matched: 'D01-repeat_caller',
    });
    expect(score.alerts.find((a) => a.id === 'A11')).toMatchObject({ verdict: 'false_alarm', morningPeak: true });
  });

  it('lets a citywide alert detect only citywide surges and a district alert only its own cell', () => {
    const crossed = scoreAlerts(
      truth,
      [alert('citywide', null, 'property', '02T10:05'), alert('surge', 'wuhou', 'housing', '03T09:30')],
      { warmupDays: 1 },
    );
    expect(crossed.overall.detected).toBe(0);
    expect(crossed.falseAlarms).toBe(1);
    expect(crossed.citywideSpill).toBe(1);
  });

  it('counts a district alert on a busy day of its district as explained, anywhere else as a false alarm', () => {
    const busyDays = [
      { id: 'B01-busy', kind: 'busy' as const, district: 'xindu', start: at('03T08:00'), end: at('03T16:00') },
    ];
    const scored = scoreAlerts(
      { ...truth, busyDays },
      [
        alert('district', 'xindu', null, '03T09:00'), // explained
        alert('district', 'xindu', null, '03T16:50'), // within the hour after: explained
        alert('district', 'gaoxin', null, '03T09:00'), // another district: false alarm
        alert('district', 'wuhou', null, '03T09:30'), // inside S03's cell and S04's topic window: still false
      ],
      { warmupDays: 1 },
    );
    // Outcomes come in time order.
    expect(scored.alerts.map((a) => [a.district, a.verdict])).toEqual([
      ['xindu', 'explained'],
      ['gaoxin', 'false_alarm'],
      ['wuhou', 'false_alarm'],
      ['xindu', 'explained'],
    ]);
    expect(scored).toMatchObject({ explained: 2, falseAlarms: 2, busyDaysFound: { found: 1, total: 1 } });
    expect(scored.overall.detected).toBe(0);
  });

  it('with no warm-up also scores the first day', () => {
    const all = scoreAlerts(truth, alerts, { warmupDays: 0 });
    expect(all.byKind.incident).toMatchObject({ detected: 2, total: 3 });
    expect(all.scoredDays).toBe(4);
  });

  it('scores a perfect detector as recall 1 with no false alarms', () => {
    const perfect = truth.surges.map((s) => ({
      id: `P-${s.id}`,
      kind: s.kind === 'citywide' ? ('citywide' as const) : ('surge' as const),
      district: s.district,
      topic: s.topic,
      openedAt: s.start,
    }));
    const result = scoreAlerts(truth, perfect, { warmupDays: 1 });
    expect(result.overall.recall).toBe(1);
    expect(result.falseAlarms).toBe(0);
    expect(result.incidentDelay).toEqual({ median: 0, p90: 0 });
  });
});
