// How urgent a report is, from what it says: one readable table of signals, the words that raise each, and weights.
// Used per report (enrichment.urgency) and, with the growth rate, per incident; the daily report sorts by it.

export interface UrgencySignal {
  /** Stable name shown to officers and stored with the report. */
  readonly signal: string;
  /** How the morning report names it (被困, 老人…). */
  readonly name: string;
  readonly weight: number;
  /** Any of these words in the text raises the signal (once per report). */
  readonly words: readonly string[];
}

export const URGENCY_SIGNALS: readonly UrgencySignal[] = [
  { signal: 'trapped', name: '被困', weight: 4, words: ['被困', '困人', '困在', '关人', '困了', '卡在半空', '出不去'] },
  { signal: 'death', name: '死亡', weight: 5, words: ['死亡', '身亡', '去世', '遇难', '人死了', '不行了'] },
  {
    signal: 'injury',
    name: '受伤',
    weight: 3,
    words: ['受伤', '摔伤', '烫伤', '咬伤', '骨折', '流血', '昏迷', '晕倒', '中暑', '摔倒', '砸到人', '掉进去'],
  },
  {
    signal: 'gas',
    name: '燃气泄漏',
    weight: 4,
    words: ['燃气泄漏', '天然气泄漏', '煤气泄漏', '漏气', '燃气味', '煤气味', '天然气味', '气味很浓'],
  },
  { signal: 'fire', name: '火情', weight: 4, words: ['着火', '起火', '火灾', '失火', '冒烟', '明火', '爆炸'] },
  {
    signal: 'collapse',
    name: '坍塌',
    weight: 3,
    words: ['坍塌', '垮塌', '塌陷', '倒塌', '下坠', '歪了', '摇摇欲坠', '落石'],
  },
  { signal: 'electric', name: '漏电触电', weight: 3, words: ['漏电', '触电', '电线掉', '电线掉下来'] },
  { signal: 'violence', name: '暴力', weight: 3, words: ['持刀', '打人', '打架', '斗殴', '暴力', '砍人'] },
  {
    signal: 'wage_arrears',
    name: '欠薪',
    weight: 2,
    words: ['拖欠工资', '欠薪', '讨薪', '工资没发', '工资没有发', '拖欠', '克扣工资', '工资和补偿'],
  },
  {
    signal: 'pollution',
    name: '污染',
    weight: 2,
    words: ['排放废气', '废气', '偷排', '直排', '污水', '黑烟', '恶臭', '刺鼻', '污染', '危险废物'],
  },
  {
    signal: 'children',
    name: '儿童',
    weight: 1,
    words: ['孩子', '儿童', '小孩', '学生', '幼儿', '婴儿', '小朋友', '未成年'],
  },
  { signal: 'elderly', name: '老人', weight: 1, words: ['老人', '老年人', '独居', '高龄', '八十', '九十'] },
  { signal: 'vulnerable', name: '孕妇病残', weight: 1, words: ['孕妇', '残疾', '瘫痪', '病人'] },
  { signal: 'no_service', name: '停水停电', weight: 1, words: ['停水', '停电', '没水', '断水', '断电', '停气'] },
];

const CHINESE_NUMERALS = '一二两三四五六七八九十百千几';
/** Measure words after a count that make it a head count. */
const MEASURES = '名位户人';
/** Measure words that make a head count only before a word for people (三个人, not 三个月). */
const MEASURES_BEFORE_PEOPLE = '个家';
const PEOPLE = [
  '人',
  '员工',
  '工人',
  '农民工',
  '居民',
  '业主',
  '住户',
  '学生',
  '家长',
  '孩子',
  '小孩',
  '老人',
  '商户',
  '会员',
];

/** "200余名员工", "五十多人", "几十户": how many people a report speaks for. Weight: +1 per factor of ten from 10. */
export const MANY_PEOPLE = {
  signal: 'many_people',
  /** A count followed by a people measure word. */
  pattern: new RegExp(
    `([0-9]+|[${CHINESE_NUMERALS}]+)\\s*(?:余|多)?\\s*(?:[${MEASURES}]|[${MEASURES_BEFORE_PEOPLE}](?=` +
      `${PEOPLE.join('|')}))`,
    'g',
  ),
  /** What the pattern needs around its measure word, so most texts are passed over without trying it. */
  countEnds: `0123456789${CHINESE_NUMERALS}余多`,
  measures: MEASURES,
  measuresBeforePeople: MEASURES_BEFORE_PEOPLE,
  peopleStarts: PEOPLE.map((w) => w[0]).join(''),
  words: ['大量居民', '很多人', '好多人', '几十', '上百', '几百'],
  minimum: 10,
} as const;

/** Incident growth: distinct callers per hour above which the incident gains one point per doubling. */
export const GROWTH_BASE_PER_HOUR = 3;
