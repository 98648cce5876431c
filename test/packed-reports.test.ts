import { describe, expect, it } from 'vitest';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { ReportPacker, unpackReports } from '../engine/intake/packed-reports.ts';
import type { CountedReport } from '../engine/intake/report.ts';

describe('counted reports packed into columns for the intake thread', () => {
  const profile = loadProfile('chengdu');
  const [d1, d2] = profile.districtCodes;
  const [t1, t2] = profile.topicCodes;
  const reports: CountedReport[] = [
    { id: 'r1', t: 1_767_542_423_000, district: d1, topic: t1, caller: 'c-1' },
    { id: 'r2', t: 1_767_542_423_500.5, district: d2, topic: null, caller: 'report:r2' },
    { id: 'r3', t: 1_767_542_400_000, district: null, topic: t2, caller: 'c-1' },
    { id: '编号4', t: 1_767_542_460_000, district: null, topic: null, caller: '来电人' },
  ];

  it('unpacks to the very reports that were packed, in order, unsettled district and topic included', () => {
    const packer = new ReportPacker(profile);
    for (const r of reports) packer.add(r);
    expect(packer.length).toBe(4);
    expect(unpackReports(packer.take(), profile)).toEqual(reports);
  });

  it('starts afresh after take', () => {
    const packer = new ReportPacker(profile);
    packer.add(reports[0]);
    packer.take();
    expect(packer.length).toBe(0);
    packer.add(reports[3]);
    expect(unpackReports(packer.take(), profile)).toEqual([reports[3]]);
  });
});
