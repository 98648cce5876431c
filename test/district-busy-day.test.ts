// Issue 18: a whole district busy at once is not a surge of each of its topics but one district alert; one topic
// rising within it is still a surge of that topic.
import { describe, expect, it } from 'vitest';
import { backgroundFeed, byTime } from './support/background-feed.ts';
import { opened, profile, runDetector } from './support/run-detector.ts';

const FROM = '2026-01-05T00:00:00+08:00';
const TO = '2026-01-07T00:00:00+08:00';
const district = 'xindu';
const busy = (seed: string, scale: number, topics?: string[]) =>
  backgroundFeed(profile, '2026-01-06T08:00:00+08:00', '2026-01-06T20:00:00+08:00', seed, scale, topics).filter(
    (r) => r.district === district,
  );

describe('district-wide busy days (issue 18)', () => {
  const background = backgroundFeed(profile, FROM, TO, 'busy-district');
  const without = opened(runDetector(byTime(background))).map((a) => a.id);

  it('every topic of one district at twice its rate for twelve hours opens no topic alert there, one district alert', () => {
    const added = opened(runDetector(byTime([...background, ...busy('busy', 1)]))).filter(
      (a) => !without.includes(a.id),
    );
    expect(added.filter((a) => a.district === district).map((a) => [a.kind, a.topic])).toEqual([['district', null]]);
  });

  it('one topic at three times its rate inside that busy day still opens one surge, in that topic', () => {
    const added = opened(
      runDetector(byTime([...background, ...busy('busy', 1), ...busy('rise', 2, ['traffic'])])),
    ).filter((a) => !without.includes(a.id));
    expect(added.filter((a) => a.kind !== 'district').map((a) => [a.kind, a.district, a.topic])).toEqual([
      ['surge', district, 'traffic'],
    ]);
  });
});
