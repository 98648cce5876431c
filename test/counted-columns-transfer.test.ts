import { describe, expect, it } from 'vitest';
import { ColumnWriter, fromColumns, transferables } from '../engine/checkpoint/counted-columns.ts';
import type { CountedReport } from '../engine/intake/report.ts';

describe('counted columns crossing from the intake thread', () => {
  const reports: CountedReport[] = [
    { id: 'r1', t: 1_767_542_423_000, district: 'gaoxin', topic: 'property', caller: 'c-1' },
    { id: 'r2', t: 1_767_542_423_500.5, district: 'wuhou', topic: null, caller: 'report:r2' },
    { id: 'r3', t: 1_767_542_400_000, district: null, topic: 'noise', caller: 'c-1' },
    { id: '编号4', t: 1_767_542_460_000, district: null, topic: null, caller: '来电人' },
  ];

  it(
    'unpacks to the very reports that were packed, in order, unsettled district and topic included, after a ' +
      'transfer',
    () => {
      const writer = new ColumnWriter();
      for (const r of reports) writer.add(r);
      expect(writer.length).toBe(4);
      const columns = writer.takeTransferable();
      expect(fromColumns(columns)).toEqual(reports);
      const { port1, port2 } = new MessageChannel();
      port1.postMessage(columns, transferables(columns));
      expect(columns.t.length).toBe(0); // moved to the other side, not copied
      port1.close();
      port2.close();
    },
  );

  it('starts afresh after take', () => {
    const writer = new ColumnWriter();
    writer.add(reports[0]);
    writer.takeTransferable();
    expect(writer.length).toBe(0);
    writer.add(reports[3]);
    expect(fromColumns(writer.takeTransferable())).toEqual([reports[3]]);
  });
});
