import { describe, expect, it } from 'vitest';
import { loadProfile, Profile } from '../engine/profile/city-profile.ts';
import { createEnricher } from '../engine/enrich/enricher.ts';
import { textOnlyReport } from '../engine/enrich/evaluate-text.ts';
import { trainTopicModel } from '../engine/enrich/train-classifier.ts';
import { DEFAULT_TRAIN_OPTIONS } from '../engine/enrich/train-classifier.ts';
import { TopicModel } from '../engine/enrich/topic-model.ts';

const profile = loadProfile('chengdu');
const enricher = createEnricher(profile);
const topicOf = (text: string) => enricher.enrich(textOnlyReport(text, 0)).enrichment!.topic;

/** One plain report per topic, written for this test (not from the training or evaluation sets). */
const EXAMPLES: Record<string, string> = {
  traffic: '早高峰这个路口的信号灯坏了，车堵了一公里，交警也不来疏导',
  social_insurance: '我的医保卡在医院结算时刷不了，报销只能回单位去办',
  consumer: '在网上买的羽绒服是假货，商家拒绝退款还把我拉黑了',
  housing: '开发商说好去年交房，到现在房子还没建好，房产证也没影',
  noise: '隔壁工地每天夜里施工到两点，打桩的声音吵得全家睡不着',
  property: '小区电梯三天两头坏，物业收了物业费却一直拖着不修',
  labor: '老板拖欠我们三个月工资，二十多个工人讨薪没有结果',
  environment: '河边那家化工厂晚上偷偷排放废水，河里死了好多鱼',
  utilities: '我们这一片从早上开始停水，自来水公司也没发通知',
  sanitation: '路边的垃圾桶满了好几天没人清运，臭气熏天',
  education: '孩子上小学被划到三公里外的学校，家门口的学校不收',
  health: '在医院排队挂号三个小时，医生看了两分钟就开了一堆检查',
  public_safety: '接到冒充公安的诈骗电话，我妈被骗走了五万块钱',
  other: '想咨询一下结婚登记需要带哪些材料，在哪里预约',
};

describe('topic classifier', () => {
  it('uses the committed model for the Chengdu profile', () => {
    expect(enricher.topicSource).toBe('model');
  });

  for (const [topic, text] of Object.entries(EXAMPLES)) {
    it(`reads a plain ${topic} report as ${topic}, with evidence words from the text`, () => {
      const t = topicOf(text);
      expect(t.value).toBe(topic);
      expect(t.source).toBe('model');
      expect(t.confidence).toBeGreaterThanOrEqual(0.4);
      expect(t.evidence.length).toBeGreaterThan(0);
      for (const word of t.evidence) expect(text).toContain(word);
    });
  }

  it('sends a text it cannot place below the threshold to other, marked for review', () => {
    const t = createEnricher(profile, { threshold: 0.99 }).enrich(textOnlyReport('这个事情你们看一下吧', 0)).enrichment!
      .topic;
    expect(t.value).toBe('other');
    expect(t.review).toBe(true);
    expect(t.confidence).toBeLessThan(0.99);
  });

  it('falls back to the keyword lexicon without a model, and still finds the topic', () => {
    const lexicon = createEnricher(profile, { model: null });
    expect(lexicon.topicSource).toBe('lexicon');
    const t = lexicon.enrich(textOnlyReport('小区电梯坏了，物业不管', 0)).enrichment!.topic;
    expect(t).toMatchObject({ value: 'property', source: 'lexicon' });
    expect(t.evidence).toEqual(expect.arrayContaining(['电梯', '物业']));
  });

  it('does not use a model whose topics are not the profile’s', () => {
    const other = new Profile({
      ...profile.data,
      code: 'elsewhere',
      topics: profile.data.topics.map((t) => ({ ...t, code: `x_${t.code}` })),
    });
    expect(createEnricher(other).topicSource).toBe('lexicon');
  });

  it('a structured topic wins over the text, with the topic’s keywords as evidence', () => {
    const r = textOnlyReport('小区电梯坏了，物业不管', 0);
    r.topic = 'housing';
    const t = enricher.enrich(r).enrichment!.topic;
    expect(t).toEqual({ value: 'housing', confidence: 1, source: 'field', evidence: [] });
    r.topic = 'property';
    expect(enricher.enrich(r).enrichment!.topic.evidence).toEqual(['小区', '电梯', '物业']);
  });

  it('training is reproducible: the same options give the same model', () => {
    const small = { ...DEFAULT_TRAIN_OPTIONS, perTopic: 40, members: 1, epochs: 2 };
    const a = trainTopicModel(profile, small);
    const b = trainTopicModel(profile, small);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const model = new TopicModel(a);
    expect(model.topics).toEqual(profile.topicCodes);
    expect(JSON.stringify(trainTopicModel(profile, { ...small, seed: 'another' }))).not.toBe(JSON.stringify(a));
  });
});
