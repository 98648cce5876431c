import { describe, expect, it } from 'vitest';
import { incidentUrgency, scoreUrgency } from '../engine/enrich/urgency.ts';

describe('urgency', () => {
  it('scores explicit signals from the table', () => {
    expect(scoreUrgency('电梯坏了，困人了，里面还有个老人')).toEqual({ score: 5, signals: ['trapped', 'elderly'] });
    expect(scoreUrgency('楼道里闻到很浓的燃气味').signals).toEqual(['gas']);
    expect(scoreUrgency('停车场收费太贵了')).toEqual({ score: 0, signals: [] });
  });

  it('counts how many people a report speaks for: 200余名 adds two points, 五十多人 one', () => {
    expect(scoreUrgency('崇州一玻璃厂拖欠200余名员工工资')).toEqual({
      score: 4,
      signals: ['wage_arrears', 'many_people:200'],
    });
    expect(scoreUrgency('五十多人围在项目部门口讨薪')).toEqual({
      score: 3,
      signals: ['wage_arrears', 'many_people:50'],
    });
    expect(scoreUrgency('拖了二十个月')).toEqual({ score: 0, signals: [] });
  });

  it(
    'an incident keeps the signals a quarter of its reports ' + 'share and gains a point per doubling of callers/hour',
    () => {
      const reports = [
        scoreUrgency('电梯困人'),
        scoreUrgency('电梯困人了'),
        scoreUrgency('电梯又坏了'),
        scoreUrgency('电梯坏了有个小孩在里面'),
      ];
      expect(incidentUrgency(reports, 2)).toEqual({ score: 5, signals: ['children', 'trapped'] });
      expect(incidentUrgency(reports, 24)).toEqual({ score: 9, signals: ['children', 'trapped', 'growth:24/h'] });
    },
  );
});
