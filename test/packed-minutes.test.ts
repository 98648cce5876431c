import { describe, expect, it } from 'vitest';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { MinutePacker, unpackMinutes } from '../engine/windows/packed-minutes.ts';
import type { MinuteSeries } from '../engine/windows/minute-series.ts';

describe('closed minutes packed into columns for the counting thread', () => {
  const profile = loadProfile('chengdu');
  const [d1, d2] = profile.districtCodes;
  const [t1, t2] = profile.topicCodes;
  const series: MinuteSeries[] = [
    { minute: 29_000_000, cells: [] },
    {
      minute: 29_000_001,
      cells: [
        { district: d1, topic: t1, reports: 3, callers: ['a', 'b'], reportIds: ['r1', 'r2', 'r3'] },
        { district: d2, topic: 'unknown', reports: 1, callers: ['report:r4'], reportIds: ['r4'] },
        { district: 'unknown', topic: t2, reports: 1, callers: ['c'], reportIds: ['r5'] },
      ],
    },
    { minute: 29_000_002, cells: [{ district: d2, topic: t2, reports: 2, callers: ['a'], reportIds: ['r6', 'r7'] }] },
  ];

  it('unpacks to the very series that were packed, unknown district and topic included', () => {
    const packer = new MinutePacker(profile);
    for (const s of series) packer.add(s);
    expect(packer.length).toBe(3);
    expect(packer.reports).toBe(7);
    expect(unpackMinutes(packer.take(), profile)).toEqual(series);
  });

  it('starts afresh after take', () => {
    const packer = new MinutePacker(profile);
    packer.add(series[1]);
    packer.take();
    packer.add(series[2]);
    expect(unpackMinutes(packer.take(), profile)).toEqual([series[2]]);
  });
});
