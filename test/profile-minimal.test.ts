// A new city in minutes: a minimal profile loads complete, a gazetteer settles districts, and errors name the field.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfile } from '../engine/profile/city-profile.ts';
import {
  DEFAULT_CHANNELS,
  DEFAULT_DAILY_VOLUME_PER_DISTRICT,
  DEFAULT_HOUR_SHAPE,
  DEFAULT_WEEKDAY_FACTORS,
} from '../engine/profile/profile-defaults.ts';
import { Gazetteer } from '../engine/enrich/gazetteer.ts';
import { customWords } from '../engine/enrich/custom-dictionary.ts';

const dir = mkdtempSync(join(tmpdir(), 'profile-minimal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const minimal = {
  city: '青川市',
  code: 'qingchuan',
  timezone: 'Asia/Shanghai',
  districts: [
    { code: 'dongcheng', name: '东城区' },
    { code: 'xicheng', name: '西城区' },
    { code: 'hexi', name: '河西新区' },
  ],
  topics: [
    { code: 'traffic', name: '交通出行' },
    { code: 'noise', name: '噪音扰民', unit: '市生态环境局' },
  ],
};

function write(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

const errorOf = (value: unknown): string => {
  try {
    loadProfile(write('bad.json', value));
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the profile loaded');
};

describe('a minimal profile', () => {
  it('loads with every default filled in', () => {
    const { data } = loadProfile(write('minimal.json', minimal));
    expect(data.dailyVolume).toBe(3 * DEFAULT_DAILY_VOLUME_PER_DISTRICT);
    expect(data.hourShape).toEqual(DEFAULT_HOUR_SHAPE);
    expect(data.weekdayFactors).toEqual(DEFAULT_WEEKDAY_FACTORS);
    expect(data.channels).toEqual(DEFAULT_CHANNELS);
    expect(data.districts.map((d) => [d.weight, d.aliases])).toEqual([
      [1, ['东城']],
      [1, ['西城']],
      [1, ['河西']],
    ]);
    expect(data.topics).toEqual([
      { code: 'traffic', name: '交通出行', unit: '交通出行主管部门', share: 0.5, aliases: [] },
      { code: 'noise', name: '噪音扰民', unit: '市生态环境局', share: 0.5, aliases: [] },
    ]);
    expect(data.gazetteer).toEqual([]);
    expect(data.detector).toBeUndefined();
  });

  it('leaves a complete profile as written: Chengdu reads as its file says', () => {
    const file = JSON.parse(readFileSync('engine/profile/chengdu.json', 'utf8')) as object;
    expect(loadProfile('chengdu').data).toEqual({ ...file, gazetteer: [] });
  });

  it('names the field that is wrong', () => {
    expect(errorOf({ ...minimal, timezone: undefined })).toMatch(/\/timezone/);
    expect(errorOf({ ...minimal, districts: [{ code: 'Dong', name: '东城区' }] })).toMatch(/\/districts\/0\/code/);
    expect(errorOf({ ...minimal, topics: [{ code: 'noise' }] })).toMatch(/\/topics\/0\/name/);
    expect(errorOf({ ...minimal, hourShape: [1, 2] })).toMatch(/\/hourShape/);
    expect(errorOf([minimal])).toMatch(/profile ".*": \/ Expected object/);
    expect(errorOf({ ...minimal, districts: [{ code: 'unknown', name: '某区' }] })).toMatch(
      /\/districts\/0\/code "unknown" is reserved/,
    );
  });
});

describe('detector options in the profile', () => {
  it('accepts the keys --set accepts, with their types', () => {
    const { data } = loadProfile(
      write('detector.json', { ...minimal, detector: { fdr: 0.02, 'slowRise.maxP': 1e-4 } }),
    );
    expect(data.detector).toEqual({ fdr: 0.02, 'slowRise.maxP': 1e-4 });
  });

  it('names an unknown key, with the likely one', () => {
    expect(errorOf({ ...minimal, detector: { fdrr: 0.02 } })).toMatch(
      /\/detector\/fdrr is not a detector option \(did you mean fdr\?\)/,
    );
    expect(errorOf({ ...minimal, detector: { minCallers: 'five' } })).toMatch(/\/detector\/minCallers expected number/);
    expect(errorOf({ ...minimal, detector: { fdr: [1] } })).toMatch(/\/detector\/fdr/);
  });
});

describe('a gazetteer beyond district names', () => {
  const places = [
    { name: '柳荫街道', district: 'dongcheng', kind: 'street' },
    { name: '金桥花园', district: '西城区', kind: 'estate' },
    { name: '阳光小区', district: 'dongcheng', kind: 'estate' },
    { name: '阳光小区', district: 'xicheng', kind: 'estate' },
    { name: '河湾社区', district: 'hexi', kind: 'community' },
    { name: '江川市第一人民医院', district: 'hexi', kind: 'landmark', aliases: ['市一医院'] },
    { name: '纺织路', district: 'xicheng', kind: 'road' },
    { name: '桃园村', district: 'hexi', kind: 'village', parent: '河湾镇' },
  ];

  it('settles a district from a street or estate alone, the name as evidence', () => {
    const profile = loadProfile(write('gazetteer.json', { ...minimal, gazetteer: places }));
    expect(profile.data.gazetteer[1]).toEqual({ name: '金桥花园', district: 'xicheng', kind: 'estate' });
    const gazetteer = new Gazetteer(profile);
    expect(gazetteer.find('柳荫街道路灯不亮')).toEqual({ district: 'dongcheng', evidence: ['柳荫街道'] });
    expect(gazetteer.find('金桥花园楼下噪音很大')).toEqual({ district: 'xicheng', evidence: ['金桥花园'] });
    expect(gazetteer.find('河湾社区门口积水').district).toBe('hexi');
    expect(gazetteer.find('市一医院挂号难')).toEqual({ district: 'hexi', evidence: ['市一医院'] });
    expect(gazetteer.find('纺织路修路扬尘').district).toBe('xicheng');
  });

  it('a name in two districts settles neither; a district name outweighs a place', () => {
    const gazetteer = new Gazetteer(loadProfile(write('gazetteer.json', { ...minimal, gazetteer: places })));
    expect(gazetteer.find('阳光小区停电了')).toEqual({ district: null, evidence: [] });
    expect(gazetteer.find('东城区金桥花园').district).toBe('dongcheng');
  });

  it('reads the list from a file beside the profile: the list itself, or an object with it as places', () => {
    write('places.json', places);
    expect(loadProfile(write('with-file.json', { ...minimal, gazetteer: 'places.json' })).data.gazetteer).toHaveLength(
      8,
    );
    write('grouped.json', { $comment: '青川市的街道、社区和小区', places });
    const profile = loadProfile(write('with-object.json', { ...minimal, gazetteer: './grouped.json' }));
    expect(profile.data.gazetteer).toHaveLength(8);
    expect(customWords(profile)).toEqual(expect.arrayContaining(['柳荫街道', '金桥花园', '河湾社区']));
  });

  it('names the place that is wrong', () => {
    expect(errorOf({ ...minimal, gazetteer: [{ name: '某街道', district: 'nowhere', kind: 'street' }] })).toMatch(
      /\/gazetteer\/0\/district "nowhere" is not a district/,
    );
    expect(errorOf({ ...minimal, gazetteer: [{ name: '某街道', district: 'hexi', kind: 'river' }] })).toMatch(
      /\/gazetteer\/0\/kind/,
    );
    expect(errorOf({ ...minimal, gazetteer: 'missing.json' })).toMatch(/\/gazetteer cannot read .*missing\.json/);
  });
});
