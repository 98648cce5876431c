// An alert's summary reads as an officer writes it, in Chinese: place, topic, span, people and reports, the usual.
import { describe, expect, it } from 'vitest';
import { spanText, summarize } from '../engine/decide/alert-text.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';

describe('alert summary text', () => {
  const profile = loadProfile('chengdu');

  it('writes spans in minutes and hours', () => {
    expect([30, 60, 90, 180, 240].map(spanText)).toEqual(['30分钟', '1小时', '1小时30分钟', '3小时', '4小时']);
  });

  it('names the cell in Chinese, people before reports, the usual with its multiple, then the evidence', () => {
    const facts = { district: 'gaoxin', topic: 'property', count: 23, distinctCallers: 21, minutes: 60 };
    expect(summarize(profile, { ...facts, expected: 2.1, detail: 'p=3.2e-12' })).toBe(
      '高新区 物业管理：1小时内21人反映23件，往常约2.1人（10.0倍）；p=3.2e-12',
    );
    expect(summarize(profile, { ...facts, district: null, expected: 0, detail: '5个区高于往常' })).toBe(
      '全市 物业管理：1小时内21人反映23件，往常几乎没有；5个区高于往常',
    );
  });
});
