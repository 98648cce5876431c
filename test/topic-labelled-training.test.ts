// Training on a city's own letters: formats, label maps, its own topics, calibration, unfamiliar text, CV figures.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Profile, loadProfile } from '../engine/profile/city-profile.ts';
import { createEnricher } from '../engine/enrich/enricher.ts';
import { crossValidate, textOnlyReport } from '../engine/enrich/evaluate-text.ts';
import { parseLabelled, readLabelMap, readLabelledFile } from '../engine/enrich/topic-labels.ts';
import { stratifiedFolds } from '../engine/enrich/topic-folds.ts';
import { TopicModel } from '../engine/enrich/topic-model.ts';
import { DEFAULT_TRAIN_OPTIONS, trainTopicModel } from '../engine/enrich/train-classifier.ts';

const chengdu = loadProfile('chengdu');
/** A city with two topics of its own beside some of Chengdu's. */
const city = new Profile({
  ...chengdu.data,
  code: 'testcity',
  topics: [
    ...chengdu.data.topics.filter((t) => ['traffic', 'noise', 'property'].includes(t.code)),
    { code: 'culture_sports', name: '文体', aliases: [], unit: '文旅局', share: 0.1 },
    { code: 'commerce_tourism', name: '商贸旅游', aliases: [], unit: '商务局', share: 0.1 },
    ...chengdu.data.topics.filter((t) => t.code === 'other'),
  ],
});

/** Short messages per city label, written for this test. */
const PHRASES: Record<string, string[]> = {
  交通: ['路口红绿灯坏了车堵', '公交车班次太少等很久', '地铁站出口封了绕路', '路上乱停车堵住车道'],
  噪声: ['楼下广场舞音响太吵', '工地夜里施工噪音大', '酒吧半夜音乐声很大', '隔壁装修电钻响一天'],
  物业: ['物业不修电梯还收费', '小区物业乱收停车费', '物业保安不管外来车', '物业费涨了服务变差'],
  文化体育: ['体育馆场地不对市民开放', '图书馆周末闭馆不方便', '健身器材坏了没人修', '文化馆活动报名太难'],
  商贸旅游: ['景区门票乱涨价宰客', '旅行社强制购物退团', '商场促销价格欺诈游客', '导游私自加收景点费用'],
  其他: ['咨询户口迁移要什么材料', '想问结婚登记怎么预约', '咨询护照办理流程', '询问老年证怎么办理'],
  广告: ['优惠大酬宾欢迎咨询', '招聘兼职日结工资'],
};
const MAP = {
  交通: 'traffic',
  噪声: 'noise',
  物业: '物业管理',
  文化体育: 'culture_sports',
  商贸旅游: 'commerce_tourism',
  其他: 'other',
  广告: null,
};
const OPENERS = ['您好，', '市长您好，', '反映一个问题：', '', '我想说一下，', '麻烦看看，'];
const TAILS = ['，希望尽快处理。', '，请相关部门管一管。', '。', '，谢谢！', '，已经很久了。'];

function messages(): Array<{ text: string; label: string }> {
  const out: Array<{ text: string; label: string }> = [];
  for (const [label, phrases] of Object.entries(PHRASES))
    for (const p of phrases) for (let i = 0; i < 6; i++) out.push({ text: OPENERS[i] + p + TAILS[i % 5], label });
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'lizheng-labelled-'));
const write = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const mapPath = write('map.json', JSON.stringify(MAP));
const small = { ...DEFAULT_TRAIN_OPTIONS, perTopic: 40, members: 1, epochs: 4 };

describe('reading labelled messages', () => {
  it('detects NDJSON, TSV text/label and TSV with a header, and says which', () => {
    const rows = messages().slice(0, 3);
    const ndjson = parseLabelled(rows.map((r) => JSON.stringify(r)).join('\n'), 'a');
    const plain = parseLabelled(rows.map((r) => `${r.text}\t${r.label}`).join('\n'), 'b');
    const header = parseLabelled(
      ['id\tlabel\ttext', ...rows.map((r, i) => `${i}\t${r.label}\t${r.text}`)].join('\n'),
      'c',
    );
    expect(ndjson.format).toBe('NDJSON {text, label}');
    expect(plain.format).toBe('TSV text, label (no header)');
    expect(header.format).toBe('TSV with header id, label, text');
    for (const r of [ndjson, plain, header]) expect(r.rows).toEqual(rows);
  });

  it('maps city labels to topic codes or names, drops null, and names labels it cannot place', () => {
    const path = write(
      'labels.ndjson',
      messages()
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const file = readLabelledFile(path, city, readLabelMap(mapPath, city));
    expect(file.dropped).toBe(12);
    expect(new Set(file.texts.map((t) => t.topic))).toEqual(
      new Set(['traffic', 'noise', 'property', 'culture_sports', 'commerce_tourism', 'other']),
    );
    expect(() => readLabelledFile(path, city)).toThrow(/"交通" \(24\).*--map/);
    expect(() => readLabelMap(write('bad-map.json', '{"交通": "roads"}'), city)).toThrow(/"roads"/);
  });

  it('reads a map under `labels` with a list where the city merges several topics: any of them is right', () => {
    const wrapped = write(
      'wrapped.json',
      JSON.stringify({ $comment: 'x', labels: { ...MAP, 噪声: ['noise', '物业管理'] }, notes: { 噪声: 'y' } }),
    );
    const map = readLabelMap(wrapped, city);
    expect(map.噪声).toEqual(['noise', 'property']);
    const path = write(
      'labels2.ndjson',
      messages()
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const noise = readLabelledFile(path, city, map).texts.find((t) => t.label === '噪声');
    expect(noise).toMatchObject({ topic: 'noise', anyOf: ['noise', 'property'] });
  });

  it('names the line of a broken row', () => {
    expect(() => parseLabelled('一\t交通\n二\t交通\t多余', 'x.tsv')).toThrow(/x\.tsv:2:/);
    expect(() => parseLabelled('{"text":"一","label":"交通"}\n{"text":2}', 'x.ndjson')).toThrow(/x\.ndjson:2:/);
  });
});

describe('training on a city’s labelled messages', () => {
  const path = write(
    'labels.tsv',
    messages()
      .map((r) => `${r.text}\t${r.label}`)
      .join('\n'),
  );
  const texts = readLabelledFile(path, city, readLabelMap(mapPath, city)).texts;

  it('has the profile’s topics as classes, learns its own topics, and stores a fitted temperature', () => {
    for (const mix of ['none', 'shipped'] as const) {
      const file = trainTopicModel(city, { ...small, mix, labelled: texts });
      expect(file.topics).toEqual(city.topicCodes);
      expect(file.temperature).toBeGreaterThan(0);
      expect(file.coverageFloor).toBeGreaterThanOrEqual(0);
      const enricher = createEnricher(city, { model: new TopicModel(file) });
      const topic = enricher.enrich(textOnlyReport('景区门票乱涨价，游客被宰', 0)).enrichment!.topic;
      expect(topic.guess ?? topic.value).toBe('commerce_tourism');
    }
  });

  it('scales a long text down past lengthNorm characters, so repeating a letter does not make it surer', () => {
    const file = trainTopicModel(city, { ...small, mix: 'none', labelled: texts, lengthNorm: 40 });
    expect(file.lengthNorm).toBe(40);
    const once = '景区门票乱涨价，游客被宰，旅行社还强制购物。';
    const eight = once.repeat(8);
    const spread = (model: TopicModel, text: string) => {
      const z = model.logits([], text);
      return Math.max(...z) - Math.min(...z);
    };
    const scaled = new TopicModel(file);
    const plain = new TopicModel({ ...file, lengthNorm: undefined });
    expect(spread(plain, eight) / spread(plain, once)).toBeGreaterThan(6);
    expect(spread(scaled, eight) / spread(scaled, once)).toBeLessThan(4);
  });

  it('is reproducible: the same options give the same file', () => {
    const o = { ...small, mix: 'none' as const, labelled: texts };
    expect(JSON.stringify(trainTopicModel(city, o))).toBe(JSON.stringify(trainTopicModel(city, o)));
  });

  it('sends text unlike anything it was trained on to review as unfamiliar, with its best guess', () => {
    const model = new TopicModel(trainTopicModel(city, { ...small, mix: 'none', labelled: texts }));
    const enricher = createEnricher(city, { model, coverageFloor: 0.3 });
    const topic = enricher.enrich(textOnlyReport('The quick brown fox jumps over the lazy dog 夏日荷塘蜻蜓', 0))
      .enrichment!.topic;
    expect(topic).toMatchObject({ value: 'other', review: true });
    expect(topic.why).toMatch(/^unfamiliar text/);
    expect(city.topicCodes).toContain(topic.guess);
  });

  it('cross-validates: stratified folds, figures in range, a temperature per fold', () => {
    const folds = stratifiedFolds(
      texts.map((t) => t.topic),
      3,
      's',
    );
    for (let f = 0; f < 3; f++) {
      const inFold = texts.filter((_, i) => folds[i] === f);
      expect(inFold.filter((t) => t.topic === 'traffic').length).toBe(8);
    }
    const r = crossValidate(city, texts, { folds: 3, seed: 'cv', train: { ...small, mix: 'none' } });
    expect(r.items).toBe(texts.length);
    expect(r.temperatures).toHaveLength(3);
    expect(r.accuracy).toBeGreaterThan(0.6);
    for (const x of [r.accuracy, r.macroF1, r.reviewRate, r.ece, r.eceUncalibrated]) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
    expect(r.reliability.reduce((s, b) => s + b.count, 0)).toBe(texts.length);
    expect(r.reviewLowConfidence + r.reviewUnfamiliar).toBe(Math.round(r.reviewRate * texts.length));
    expect(r.perTopic.map((t) => t.topic).sort()).toEqual(
      ['其他', '交通', '商贸旅游', '噪声', '文化体育', '物业'].sort(),
    );
  });
});
