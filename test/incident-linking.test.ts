import { describe, expect, it } from 'vitest';
import { backgroundFeed, byTime, inject } from './support/background-feed.ts';
import { profile, runDetector } from './support/run-detector.ts';

const texts = [
  '紫荆小区3栋电梯又坏了，困了好几个人',
  '紫荆小区3栋的电梯今天停了，有人被困',
  '反映紫荆小区3栋电梯故障，老人下不了楼',
];

describe('an incident inside a surging cell', () => {
  it('opens an incident alert naming the place, and the cell surge links to it', () => {
    const background = backgroundFeed(profile, '2026-01-05T00:00:00+08:00', '2026-01-07T00:00:00+08:00', 'link');
    const incident = inject(profile, {
      district: 'gaoxin',
      topic: 'property',
      start: '2026-01-06T10:00:00+08:00',
      minutes: 40,
      count: 24,
      prefix: 'lift',
    }).map((r, i) => ({ ...r, text: texts[i % texts.length] }));
    const events = runDetector(byTime([...background, ...incident]), {}, true);
    const opened = events.filter((e) => e.type === 'alert.opened').map((e) => e.alert);
    const inc = opened.find((a) => a.kind === 'incident' && a.district === 'gaoxin');
    expect(inc?.summary).toContain('紫荆小区3栋');
    expect(inc?.id).toMatch(/^incident-gaoxin-property-20260106\d{4}-[0-9a-f]{8}$/);
    const surgeId = opened.find((a) => a.kind === 'surge' && a.district === 'gaoxin')!.id;
    const linked = events.filter((e) => e.alert.id === surgeId && e.alert.incidentIds?.includes(inc!.id));
    expect(linked.length).toBeGreaterThan(0);
  });
});
