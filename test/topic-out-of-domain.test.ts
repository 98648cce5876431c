// The out-of-domain check: letters that are no request go to review with the reason, complaints do not, and model
// files without the check still load. Texts written for this test (not from the tuning, training or evaluation sets).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProfileError } from '../engine/errors.ts';
import { createEnricher } from '../engine/enrich/enricher.ts';
import { textOnlyReport } from '../engine/enrich/evaluate-text.ts';
import { OUT_OF_DOMAIN_MIN_LENGTH } from '../engine/enrich/topic-classifier.ts';
import { DEFAULT_MODEL_PATH, TopicModel, type TopicModelFile } from '../engine/enrich/topic-model.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';

const profile = loadProfile('chengdu');
const committed = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as TopicModelFile;
const topicOf = (text: string, model?: TopicModel) =>
  createEnricher(profile, model ? { model } : {}).enrich(textOnlyReport(text, 0)).enrichment!.topic;

const NOT_REQUESTS = {
  praise:
    '尊敬的市长您好，我想借这个机会表扬一下我们街道的社工小刘，去年冬天我爸爸住院，她每周都来家里看望我妈妈，帮忙买菜送药，过年还送来了春联和饺子。这样的年轻人太难得了，希望领导能给她一个表扬，谢谢！',
  question:
    '您好，想请教一下，我今年刚从外省调到成都工作，家里两个孩子，一个读小学一个读初中，请问转学需要准备哪些材料，是先去教育局还是直接去学校办理，网上有没有可以预约的地方，谢谢解答。',
  advert:
    '好消息！本店新开业，主营川菜家常菜和特色烤鱼，环境优雅停车方便，开业期间全场菜品八八折，满三百送一百元代金券，包间可提前预订，欢迎各位街坊邻居和朋友们前来品尝，地址就在地铁站出口往东一百米。',
};

const COMPLAINTS = [
  '尊敬的领导您好，我们是小区的业主，小区门口的那条路上每天晚上都有大货车经过，速度又快喇叭又响，半夜两三点还在过，家里老人小孩根本睡不好，我们已经反映过好几次了，一直没有人来处理，希望有关部门尽快管一管。',
  '市长您好，先谢谢您抽时间看信。我在一家物流公司上了两年班，今年公司说效益不好，连续四个月只发一半工资，还不让我们辞职，说辞职就不结清欠的钱。我们三十多个同事都是这样，请劳动部门帮帮我们把工资要回来。',
  '我家住在老城区一个老小区，最近半个月自来水隔三岔五就停，停之前也不发通知，有时候一停就是一整天，家里做饭洗澡都成问题，打电话问自来水公司只说在抢修管道，到底什么时候能修好也说不清楚，麻烦尽快解决。',
];

describe('out-of-domain check', () => {
  it('is carried by the committed model', () => {
    expect(committed.outOfDomain).toBeDefined();
    expect(new TopicModel(committed).hasOutOfDomain).toBe(true);
  });

  for (const [kind, text] of Object.entries(NOT_REQUESTS)) {
    it(`sends a letter of ${kind} to review as no request, with its best guess`, () => {
      expect(text.length).toBeGreaterThan(OUT_OF_DOMAIN_MIN_LENGTH);
      const t = topicOf(text);
      expect(t).toMatchObject({ value: 'other', review: true });
      expect(t.why).toMatch(/^unfamiliar text: reads as no request/);
      expect(profile.topicCodes).toContain(t.guess);
    });
  }

  it('leaves long complaints with their topic, not in review', () => {
    for (const text of COMPLAINTS) {
      const t = topicOf(text);
      expect(t.review, text).toBeUndefined();
      expect(t.value).not.toBe('other');
    }
  });

  it('reads only letters: a short report is judged by its topic and coverage alone', () => {
    const short = NOT_REQUESTS.advert.slice(0, OUT_OF_DOMAIN_MIN_LENGTH);
    expect(topicOf(short).why ?? '').not.toMatch(/no request/);
  });

  it('gives the same answers on a model file without the check, except that nothing reads as no request', () => {
    const { outOfDomain: _, ...old } = committed;
    const model = new TopicModel(old);
    expect(model.hasOutOfDomain).toBe(false);
    for (const text of Object.values(NOT_REQUESTS)) {
      const t = topicOf(text, model);
      expect(t.why ?? '').not.toMatch(/no request/);
      expect(t.guess ?? t.value).toBe(topicOf(text).guess);
    }
    for (const text of COMPLAINTS) expect(topicOf(text, model)).toEqual(topicOf(text));
  });

  it('refuses a file whose check names a feature the model lacks', () => {
    const broken = { ...committed, outOfDomain: { bias: 0, features: { 'w:不存在的词语': 5 } } };
    expect(() => new TopicModel(broken)).toThrow(ProfileError);
  });
});
