// A district nothing settled (code `unknown`) reads 未定位 wherever people read it: alert summaries, labels, the wall
// and console, the morning report — never the raw code.
import { describe, expect, it } from 'vitest';
import { summarize } from '../engine/decide/alert-text.ts';
import { incidentEvent } from '../engine/incidents/incident-alert.ts';
import { CityClock } from '../engine/time/event-time.ts';
import { loadProfile, UNPLACED_NAME } from '../engine/profile/city-profile.ts';
import { reportNames } from '../engine/report/report-names.ts';
import { Labels, type ProfileView } from '../dashboard/src/shared/labels.ts';

const profile = loadProfile('chengdu');
const facts = { topic: 'property', count: 23, distinctCallers: 21, expected: 2.1, minutes: 60, detail: 'p=3.2e-12' };

describe('未定位 for a district nothing settled', () => {
  it('in alert summaries', () => {
    const text = summarize(profile, { ...facts, district: 'unknown' });
    expect(text).toBe('未定位 物业管理：1小时内21人反映23件，往常约2.1人（10.0倍）；p=3.2e-12');
    expect(text).not.toMatch(/unknown/);
    expect(summarize(profile, { ...facts, district: 'gaoxin' })).toMatch(/^高新区 物业管理/);
    expect(summarize(profile, { ...facts, district: null })).toMatch(/^全市 物业管理/);
  });

  it('in an incident’s summary', () => {
    const members = ['a', 'b', 'c', 'd', 'e', 'f'].map((caller, i) => ({
      id: `r${i}`,
      t: i * 60_000,
      minute: i,
      caller,
      places: ['锦华苑'],
      evidence: ['噪音'],
      signals: [],
    }));
    const cluster = {
      key: 'unknown.noise|锦华苑',
      district: 'unknown',
      topic: 'noise',
      place: '锦华苑',
      members,
      lastMinute: 5,
      alert: { id: 'incident-x', openedMinute: 5 },
    };
    const ctx = {
      profile,
      clock: new CityClock(profile.timezone),
      placeKeyOf: (p: string) => p,
      isAreaWord: () => false,
    };
    const { alert } = incidentEvent('alert.opened', cluster as never, 5, ctx);
    expect(alert.summary).toMatch(/^未定位 噪音扰民：锦华苑/);
    expect(alert.summary).not.toMatch(/unknown/);
  });

  it('in the profile’s labels, with the code beside', () => {
    expect(UNPLACED_NAME).toBe('未定位');
    expect(profile.districtName('unknown')).toBe('未定位');
    expect(profile.districtLabel('unknown')).toBe('未定位 (unknown)');
    expect(profile.districtLabel('gaoxin')).toBe('高新区 (gaoxin)');
    expect(profile.districtLabel(null)).toBe('全市 (city)');
    expect(profile.districtLabel('atlantis')).toBe('atlantis');
  });

  it('on the wall and the console', () => {
    const view: ProfileView = {
      city: '成都市',
      code: 'chengdu',
      timezone: 'Asia/Shanghai',
      districts: [{ code: 'gaoxin', name: '高新区', weight: 1, cartogram: null }],
      topics: [{ code: 'property', name: '物业管理', unit: '市住建局' }],
    };
    const labels = new Labels(view);
    expect(labels.districtName('unknown')).toBe('未定位');
    expect(labels.district('unknown')).toBe('未定位 (unknown)');
    expect(labels.district('gaoxin')).toBe('高新区 (gaoxin)');
    expect(labels.district('atlantis')).toBe('atlantis');
  });

  it('in the morning report', () => {
    const names = reportNames(profile);
    expect(names.district('unknown')).toBe('未定位');
    expect(names.cell('unknown', 'property')).toBe('未定位·物业管理');
    expect(names.cell(null, 'property')).toBe('全市·物业管理');
  });
});
