// Intake.acceptAll: a batch gives the same reports and the same errors as accept() one by one, in order.
import { describe, expect, it } from 'vitest';
import { ReportError } from '../engine/errors.ts';
import { Intake } from '../engine/intake/intake.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { CityClock } from '../engine/time/event-time.ts';

const profile = loadProfile('chengdu');
const clock = new CityClock(profile.timezone);
const at = '2026-03-02T09:15:00+08:00';

const values: unknown[] = [
  { id: 'a', receivedAt: at, text: '武侯区玉林北路口的红绿灯坏了两天了，早晚高峰堵得厉害' },
  { id: 'b', receivedAt: at, text: '小区电梯又坏了，3栋有老人被困在里面', district: 'jinjiang', topic: 'property' },
  { receivedAt: at, text: '没有编号的报告' },
  'not an object',
  { id: 'c', receivedAt: 'yesterday', text: '时间不对' },
  { id: 'd', receivedAt: at, text: '天府新区华阳街道工地晚上施工噪音太大', district: 'nowhere' },
  { id: 'e', receivedAt: at, text: '公司拖欠200余名工人工资三个月了', callerId: '138****0001' },
];

function oneByOne(intake: Intake): unknown[] {
  return values.map((v) => {
    try {
      return intake.accept(v);
    } catch (err) {
      return err;
    }
  });
}

describe('Intake.acceptAll', () => {
  for (const mode of ['all', 'missing', 'none'] as const) {
    it(`answers a mixed batch like accept() one by one (enrich ${mode})`, () => {
      const batch = new Intake(profile, clock, mode).acceptAll(values);
      const single = oneByOne(new Intake(profile, clock, mode));
      expect(batch).toHaveLength(values.length);
      batch.forEach((answer, i) => {
        if (answer instanceof ReportError) {
          expect(single[i]).toBeInstanceOf(ReportError);
          expect(answer.message).toBe((single[i] as ReportError).message);
        } else expect(answer).toEqual(single[i]);
      });
      expect(batch.map((a) => (a instanceof ReportError ? 'error' : a.id))).toEqual([
        'a',
        'b',
        'error',
        'error',
        'error',
        'error',
        'e',
      ]);
    });
  }

  it('names the broken field of each bad value and still enriches the good ones', () => {
    const batch = new Intake(profile, clock, 'all').acceptAll(values);
    expect((batch[2] as ReportError).message).toMatch(/^id/);
    expect((batch[4] as ReportError).message).toMatch(/^receivedAt/);
    expect((batch[5] as ReportError).message).toMatch(/^district/);
    const first = batch[0] as Exclude<(typeof batch)[0], ReportError>;
    expect(first.district).toBe('wuhou');
    expect(first.enrichment?.topic.source).toBe('model');
    const last = batch[6] as Exclude<(typeof batch)[0], ReportError>;
    expect(last.enrichment?.urgency.signals).toContain('many_people:200');
  });

  it(
    "answers NDJSON lines in order: reports, a bad line's JSON message as read, and `line N:` before a broken " +
      'field',
    () => {
      const answers = new Intake(profile, clock, 'none').acceptLines([
        { line: 1, value: values[0] },
        { line: 2, error: 'line 2: not valid JSON (Unexpected token)' },
        { line: 4, value: values[4] },
        { line: 7, value: values[6] },
      ]);
      expect(answers.map((a) => (typeof a === 'string' ? a : a.id))).toEqual([
        'a',
        'line 2: not valid JSON (Unexpected token)',
        expect.stringMatching(/^line 4: receivedAt/),
        'e',
      ]);
    },
  );
});
