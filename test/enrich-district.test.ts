import { describe, expect, it } from 'vitest';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { createEnricher } from '../engine/enrich/enricher.ts';
import { Gazetteer } from '../engine/enrich/gazetteer.ts';
import { textOnlyReport } from '../engine/enrich/evaluate-text.ts';

const profile = loadProfile('chengdu');
const gazetteer = new Gazetteer(profile);
const enricher = createEnricher(profile);
const district = (text: string, address?: string) => {
  const r = textOnlyReport(text, 0);
  if (address) (r.raw as { location?: { address: string } }).location = { address };
  return enricher.enrich(r).enrichment!.district;
};

describe('district from text and address', () => {
  it('finds full names, short names and landmarks', () => {
    expect(gazetteer.find('武侯区玉林北路的红绿灯坏了')).toEqual({ district: 'wuhou', evidence: ['武侯区', '玉林'] });
    expect(gazetteer.find('龙泉驿这边停水了').district).toBe('longquanyi');
    expect(gazetteer.find('春熙路附近的商场').district).toBe('jinjiang');
    expect(gazetteer.find('天台山一家制药公司排放废气').district).toBe('qionglai');
    expect(gazetteer.find('华阳的路口左转灯太短').district).toBe('tianfu');
  });

  it('takes the longest name: 天府新区 is not 天府, 高新西区 is a landmark of 高新区', () => {
    expect(gazetteer.find('天府新区一个楼盘').district).toBe('tianfu');
    expect(gazetteer.find('高新西区一家电子厂').district).toBe('gaoxin');
  });

  it('ignores names that only contain a short name: 天府大道, 天府通, 高新技术', () => {
    expect(gazetteer.find('天府大道上堵车')).toEqual({ district: null, evidence: [] });
    expect(gazetteer.find('天府通卡刷不了').district).toBeNull();
    expect(gazetteer.find('一家高新技术企业').district).toBeNull();
  });

  it('a name outweighs a landmark of another district; two names of equal weight settle nothing', () => {
    expect(gazetteer.find('新都桂溪医保服务窗口').district).toBe('xindu');
    expect(gazetteer.find('从武侯区到锦江区的地铁太挤')).toEqual({ district: null, evidence: ['武侯区', '锦江区'] });
  });

  it('records the source: field wins, then the address, then the text, else none', () => {
    const r = textOnlyReport('武侯区一个小区停水', 0);
    r.district = 'gaoxin';
    expect(enricher.enrich(r).enrichment!.district).toEqual({ value: 'gaoxin', source: 'field' });
    expect(district('小区停水三天了', '成都市温江区光华大道88号')).toEqual({
      value: 'wenjiang',
      source: 'address',
      evidence: ['温江区'],
    });
    expect(district('温江区一个小区停水')).toEqual({ value: 'wenjiang', source: 'text', evidence: ['温江区'] });
  });

  it('leaves the district unknown when nothing names one, and says so', () => {
    const r = enricher.enrich(textOnlyReport('我家楼下的垃圾好几天没人收了', 0));
    expect(r.district).toBeNull();
    expect(r.enrichment!.district).toEqual({ value: null, source: 'none', evidence: [] });
  });

  it('an address that names nothing falls back to the text', () => {
    expect(district('双流机场出租车排长队', '某某小区')).toMatchObject({ value: 'shuangliu', source: 'text' });
  });
});
