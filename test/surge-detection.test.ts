import { describe, expect, it } from 'vitest';
import { backgroundFeed, BIG_INCIDENT, byTime, inject } from './support/background-feed.ts';
import { opened, profile, runDetector } from './support/run-detector.ts';

const FROM = '2026-01-05T00:00:00+08:00';
const TO = '2026-01-07T00:00:00+08:00';
const background = backgroundFeed(profile, FROM, TO, 'bg');

describe('surge detection on constructed feeds', () => {
  it('a calm city at its expected rates raises no surge in two days', () => {
    expect(opened(runDetector(byTime(background)))).toEqual([]);
  });

  it('a small-district incident (7 people in 45 min where the cell sees ~0.2 an hour) opens one surge', () => {
    const incident = inject(profile, {
      district: 'pujiang',
      topic: 'public_safety',
      start: '2026-01-06T10:00:00+08:00',
      minutes: 45,
      count: 7,
      prefix: 'inc',
    });
    const alerts = opened(runDetector(byTime([...background, ...incident])));
    expect(alerts.map((a) => [a.kind, a.district, a.topic])).toEqual([['surge', 'pujiang', 'public_safety']]);
    const delay = (Date.parse(alerts[0].openedAt) - Date.parse('2026-01-06T10:00:00+08:00')) / 60_000;
    expect(delay).toBeLessThanOrEqual(45);
    expect(alerts[0].reportIds.filter((id) => id.startsWith('inc-')).length).toBeGreaterThanOrEqual(5);
    expect(alerts[0].summary).toContain('蒲江县 治安安全');
  });

  it('one person calling twenty times in two hours is a repeat caller, not a surge', () => {
    const decoy = inject(profile, {
      district: 'wuhou',
      topic: 'noise',
      start: '2026-01-06T09:00:00+08:00',
      minutes: 120,
      count: 20,
      sameCaller: true,
      prefix: 'rep',
    });
    expect(opened(runDetector(byTime([...background, ...decoy])))).toEqual([]);
  });

  it('one topic at 2.5× in every district raises one citywide alert and no district alerts', () => {
    const shock = backgroundFeed(profile, '2026-01-06T09:00:00+08:00', '2026-01-06T17:00:00+08:00', 'shock', 1.5, [
      'housing',
    ]);
    const alerts = opened(runDetector(byTime([...background, ...shock])));
    expect(alerts.map((a) => [a.kind, a.district, a.topic])).toEqual([['citywide', null, 'housing']]);
    expect(alerts[0].districts!.length).toBeGreaterThanOrEqual(6);
    expect(Date.parse(alerts[0].openedAt)).toBeLessThan(Date.parse('2026-01-06T11:00:00+08:00'));
  });

  it('a large incident opens once, updates as it grows, and resolves after the cell is quiet', () => {
    const incident = inject(profile, {
      district: 'gaoxin',
      topic: 'property',
      start: '2026-01-06T10:00:00+08:00',
      minutes: 40,
      count: 30,
      prefix: 'big',
    });
    const events = runDetector(byTime([...background, ...incident])).filter((e) => e.alert.district === 'gaoxin');
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('alert.opened');
    expect(types.at(-1)).toBe('alert.resolved');
    expect(types.filter((t) => t === 'alert.opened')).toHaveLength(1);
    expect(new Set(events.map((e) => e.alert.id)).size).toBe(1);
    const updates = events.filter((e) => e.type === 'alert.updated').map((e) => e.alert.distinctCallers);
    expect(updates.length).toBeGreaterThan(3);
    expect(updates).toEqual([...updates].sort((a, b) => a - b));
    const resolved = events.at(-1)!.alert;
    expect(resolved.status).toBe('resolved');
    expect(Date.parse(resolved.resolvedAt!) - Date.parse('2026-01-06T10:40:00+08:00')).toBeGreaterThanOrEqual(
      60 * 60_000,
    );
    expect(Date.parse(events[0].alert.openedAt) - Date.parse('2026-01-06T10:00:00+08:00')).toBeLessThanOrEqual(
      15 * 60_000,
    );
  });

  it('EARS is selectable and reports with its own detector name', () => {
    const incident = inject(profile, BIG_INCIDENT);
    const alerts = opened(runDetector(byTime([...background, ...incident]), { detector: 'ears' }));
    const hit = alerts.find((a) => a.district === 'gaoxin' && a.topic === 'property');
    expect(hit?.detector).toBe('ears-c3');
  });
});
