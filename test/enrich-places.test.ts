import { describe, expect, it } from 'vitest';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { Gazetteer } from '../engine/enrich/gazetteer.ts';
import { extractPlaces, normalisePlace, placeKey } from '../engine/enrich/place-phrases.ts';

const gazetteer = new Gazetteer(loadProfile('chengdu'));
const places = (text: string) => extractPlaces(text, gazetteer);

describe('place phrases', () => {
  it('finds estates with their building, roads with section and number, factories, schools, hospitals', () => {
    expect(places('我家住在紫荆小区三栋，电梯又坏了')).toEqual(['紫荆小区3栋']);
    expect(places('人民南路三段的公交站台没有遮阳棚')).toEqual(['人民南路3段']);
    expect(places('天府大道中段666号门口积水')).toEqual(['天府大道中段666号']);
    expect(places('反映金鹏食品厂拖欠工资')).toEqual(['金鹏食品厂']);
    expect(places('关于师范实验学校的收费')).toEqual(['师范实验学校']);
    expect(places('简阳市人民医院挂号难')).toEqual(['人民医院']);
  });

  it('cuts the name at function words, district names, determiners and time words', () => {
    expect(places('崇州一玻璃厂拖欠200余名员工工资')).toEqual(['玻璃厂']);
    expect(places('春熙路附近的阳光花园3栋')).toEqual(['春熙路', '阳光花园3栋']);
    expect(places('高新阳光花园二期物业费涨了')).toEqual(['阳光花园2期']);
    expect(places('昨天晚上鑫达化工厂渣土车漏撒')).toEqual(['鑫达化工厂']);
    expect(places('前天东部新区御景小区二期物业乱收费')).toEqual(['御景小区2期']);
  });

  it('names no place for a bare suffix or a word that only looks like one', () => {
    expect(places('高新区某小区电梯这周坏了三次')).toEqual([]);
    expect(places('小区路灯坏了，广场舞音响太吵，市场监管局不管')).toEqual([]);
    expect(places('驿都大道修路封闭半幅')).toEqual(['驿都大道']);
  });

  it('a facility right after a place extends it; the place alone is kept too', () => {
    expect(places('建设路公交站这边井盖缺失')).toEqual(['建设路', '建设路公交站']);
    expect(places('鑫达化工厂工地扬尘严重')).toEqual(['鑫达化工厂', '鑫达化工厂工地']);
  });

  it('normalises so that two callers’ spellings of one place agree', () => {
    expect(normalisePlace('紫荆小区三栋')).toBe(normalisePlace('紫荆小区３栋'));
    expect(normalisePlace('Ａ座大厦十二号')).toBe('a座大厦12号');
    expect(placeKey('紫荆小区3栋')).toBe('紫荆小区');
    expect(placeKey('人民南路3段')).toBe('人民南路');
    expect(placeKey(places('东部西街社区服务站的居民')[0])).toBe(placeKey(places('西街社区服务站办事')[0]));
  });
});
