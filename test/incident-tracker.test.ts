import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../schemas/alert-event.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { CityClock, MINUTE_MS } from '../engine/time/event-time.ts';
import { createEnricher } from '../engine/enrich/enricher.ts';
import type { Report } from '../engine/intake/report.ts';
import { IncidentTracker } from '../engine/incidents/incident-tracker.ts';

const profile = loadProfile('chengdu');
const clock = new CityClock(profile.timezone);
const enricher = createEnricher(profile);
const T0 = Date.parse('2026-01-06T10:00:00+08:00') / MINUTE_MS;

interface Spec {
  readonly at: number; // minutes after T0
  readonly text: string;
  readonly caller: string;
  readonly district?: string | null;
  readonly topic?: string | null;
}

function report(s: Spec, i: number): Report {
  const id = `r-${String(i).padStart(4, '0')}`;
  const t = (T0 + s.at) * MINUTE_MS + 1000 * (i % 60);
  const district = s.district === undefined ? 'gaoxin' : s.district;
  const topic = s.topic === undefined ? 'property' : s.topic;
  const r: Report = {
    id,
    t,
    district,
    topic,
    caller: `c:${s.caller}`,
    text: s.text,
    channel: 'hotline',
    raw: { id, receivedAt: clock.format(t), text: s.text },
  };
  return enricher.enrich(r);
}

/** Feed every minute from T0 to T0 + until, each with its reports; returns all events. */
function run(
  specs: readonly Spec[],
  until: number,
  tracker = new IncidentTracker({ profile, clock }),
  from = 0,
): AlertEvent[] {
  const reports = specs.map(report);
  const events: AlertEvent[] = [];
  for (let m = from; m <= until; m++)
    events.push(
      ...tracker.onMinute(
        T0 + m,
        reports.filter((r) => Math.floor(r.t / MINUTE_MS) === T0 + m),
      ),
    );
  return events;
}

const elevator = [
  '紫荆小区3栋电梯又坏了，把人困在里面',
  '紫荆小区三栋的电梯天天出故障',
  '我住紫荆小区3栋，电梯停了两天',
  '紫荆小区电梯困人，物业不管',
  '反映紫荆小区3栋电梯故障',
  '紫荆小区3栋电梯坏了，老人下不了楼',
  '紫荆小区3栋电梯还是没修好',
];
const sixCallers: Spec[] = elevator.slice(0, 6).map((text, i) => ({ at: i * 5, text, caller: `p${i}` }));

describe('incident tracker', () => {
  it('opens an incident when six people report the same place, naming the place and the problem', () => {
    const events = run(sixCallers, 40);
    expect(events.map((e) => e.type)).toEqual(['alert.opened']);
    const a = events[0].alert;
    expect(a).toMatchObject({
      kind: 'incident',
      district: 'gaoxin',
      topic: 'property',
      detector: 'incident-cluster',
      status: 'open',
      openedAt: '2026-01-06T10:25:00+08:00',
      count: 6,
      distinctCallers: 6,
      windowMinutes: 26,
      place: '紫荆小区3栋',
    });
    expect(a.id).toBe(`incident-gaoxin-property-202601061025-${a.id.slice(-8)}`);
    expect(a.id.slice(-8)).toMatch(/^[0-9a-f]{8}$/);
    expect(a.summary).toMatch(/^高新区 物业管理：紫荆小区3栋 电梯.* — 26分钟内6人反映$/);
    expect(a.reportIds).toEqual(['r-0000', 'r-0001', 'r-0002', 'r-0003', 'r-0004', 'r-0005']);
    expect((a as unknown as { urgency: { signals: string[] } }).urgency.signals).toContain('trapped');
  });

  it('five people are not enough, and one person calling twenty times is one person', () => {
    expect(run(sixCallers.slice(0, 5), 60)).toEqual([]);
    const repeat = Array.from({ length: 20 }, (_, i) => ({ at: i * 3, text: elevator[i % 7], caller: 'same' }));
    expect(run(repeat, 90)).toEqual([]);
  });

  it('reports about other places in the same cell do not count toward an incident', () => {
    const spread = ['紫荆小区', '锦绣花园', '阳光家园', '翠竹苑', '金桂小区', '蓝天大厦'].map((p, i) => ({
      at: i * 4,
      text: `${p}电梯坏了`,
      caller: `s${i}`,
    }));
    expect(run(spread, 60)).toEqual([]);
  });

  it('updates as the incident grows and resolves after an hour of quiet (event time)', () => {
    const events = run([...sixCallers, { at: 31, text: elevator[6], caller: 'p6' }], 31 + 60);
    expect(events.map((e) => [e.type, e.alert.count, e.alert.updatedAt.slice(11, 16)])).toEqual([
      ['alert.opened', 6, '10:25'],
      ['alert.updated', 7, '10:31'],
      ['alert.resolved', 7, '11:31'],
    ]);
    expect(events[2].alert).toMatchObject({ status: 'resolved', resolvedAt: '2026-01-06T11:31:00+08:00' });
    expect(new Set(events.map((e) => e.alert.id)).size).toBe(1);
  });

  it('clusters expire with the window: callers three hours apart never add up, and memory is freed', () => {
    const tracker = new IncidentTracker({ profile, clock, windowMinutes: 180 });
    const early = sixCallers.slice(0, 3);
    const late = sixCallers.slice(3).map((s) => ({ ...s, at: s.at + 200 }));
    expect(run([...early, ...late], 240, tracker)).toEqual([]);
    expect(run([], 500, tracker, 241)).toEqual([]);
    expect(tracker.state().clusters).toEqual([]);
  });

  it('a report of unknown district, or whose topic was only inferred, joins the hot place it names', () => {
    const specs: Spec[] = [
      ...sixCallers.slice(0, 5),
      { at: 26, text: '紫荆小区3栋的电梯又停了', caller: 'x', district: null, topic: null },
    ];
    const events = run(specs, 40);
    expect(events.map((e) => [e.type, e.alert.district, e.alert.distinctCallers])).toEqual([
      ['alert.opened', 'gaoxin', 6],
    ]);
  });

  it('lists the open incidents of a cell so its surge alert can link them', () => {
    const tracker = new IncidentTracker({ profile, clock });
    const [opened] = run(sixCallers, 30, tracker);
    expect(tracker.openIncidentIds('gaoxin', 'property')).toEqual([opened.alert.id]);
    expect(tracker.openIncidentIds('gaoxin', 'noise')).toEqual([]);
  });

  it(
    'is deterministic, and a tracker restored from its state (through JSON) continues exactly as the original ' +
      'would',
    () => {
      const specs = [
        ...sixCallers,
        { at: 33, text: elevator[6], caller: 'p6' },
        ...sixCallers.map((s) => ({
          ...s,
          at: s.at + 50,
          text: s.text.replace('紫荆', '锦绣'),
          caller: `q${s.caller}`,
        })),
      ];
      const whole = JSON.stringify(run(specs, 200));
      expect(JSON.stringify(run(specs, 200))).toBe(whole);
      const first = new IncidentTracker({ profile, clock });
      const before = run(specs, 40, first);
      const restored = IncidentTracker.fromState(JSON.parse(JSON.stringify(first.state())), { profile, clock });
      const after = run(specs, 200, restored, 41);
      expect(JSON.stringify([...before, ...after])).toBe(whole);
    },
  );
});
