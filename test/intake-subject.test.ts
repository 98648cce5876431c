import { describe, expect, it } from 'vitest';
import { subjectCell } from '../engine/stream/intake-message.ts';

describe('intake subject: district and topic read from intake.<district>.<topic>', () => {
  it('gives what split(".") gives, for well-formed and broken subjects alike', () => {
    const subjects = [
      'intake.gaoxin.property',
      'intake.unknown.unknown',
      'intake.gaoxin._clock',
      'intake.dead',
      'intake',
      '',
      'intake..',
      'intake.a.b.c',
      'intake.a.',
      '.a.b',
      'intake.高新区.物业',
    ];
    for (const subject of subjects) {
      const [, district = '', topic = ''] = subject.split('.');
      expect(subjectCell(subject), subject).toEqual({ district, topic });
    }
  });
});
