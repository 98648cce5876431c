// Issue 18: a mailbox's letters name one estate or site in many ways; the place key must come out the same.
import { describe, expect, it } from 'vitest';
import { Gazetteer } from '../engine/enrich/gazetteer.ts';
import { extractPlaces, placeKey, samePlace } from '../engine/enrich/place-phrases.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';

const gazetteer = new Gazetteer(loadProfile('test/fixtures/mailbox-city/profile.json'));
const keys = (text: string) => extractPlaces(text, gazetteer).map(placeKey);

describe('place normalisation (issue 18)', () => {
  it('strips leading verbs, district and street prefixes: one estate, one key', () => {
    expect(keys('举报鑫达搅拌站半夜施工噪音')).toEqual(['鑫达搅拌站']);
    expect(keys('临江区望江街道望江花园物业不作为')).toEqual(['望江花园']);
    expect(keys('望江街道新华社区新华小区停水三天')).toEqual(['新华小区']);
    expect(keys('反映青山区鼓楼街道锦绣江南苑电梯坏了')).toEqual(['锦绣江南苑']);
    expect(keys('实名举报江川鑫达混凝土搅拌站')).toEqual(['江川鑫达混凝土搅拌站']);
  });

  it('recognises facility nouns as places, and a facility after a place extends it', () => {
    expect(keys('城南变电站嗡嗡响')).toEqual(['城南变电站']);
    expect(keys('东门烧烤店油烟扰民')).toEqual(['东门烧烤店']);
    expect(keys('红星加油站排队堵路')).toEqual(['红星加油站']);
    expect(keys('阳光小区垃圾中转站太臭')).toEqual(['阳光小区', '阳光小区垃圾中转站']);
    expect(keys('滨江路建筑工地夜间施工')).toEqual(['滨江路', '滨江路建筑工地']);
  });

  it('keeps 小区, 园区 and 景区 inside a name, and a name that would be left too short', () => {
    expect(keys('科技园区搅拌站粉尘')).toEqual(['科技园区搅拌站']);
    expect(keys('王家村搅拌站粉尘')).toEqual(['王家村搅拌站']);
  });

  it('names no place for two generic words joined (学校和医院) or the city’s one heating company', () => {
    expect(keys('学校和医院门口早晚堵车')).toEqual([]);
    expect(keys('和平路积水')).toEqual(['和平路']);
    expect(keys('热力公司推诿不修')).toEqual([]);
  });

  it('merges keys where one contains the other', () => {
    expect(samePlace('鑫达搅拌站', '江川鑫达混凝土搅拌站')).toBe(true);
    expect(samePlace('锦绣江南小区', '锦绣江南苑')).toBe(true);
    expect(samePlace('望江花园', '望江花园小区')).toBe(true);
    expect(samePlace('阳光花园', '阳光小区')).toBe(false);
    expect(samePlace('江南小区', '锦绣江南苑')).toBe(false);
    expect(samePlace('建设路', '建设路公交站')).toBe(false);
  });
});
