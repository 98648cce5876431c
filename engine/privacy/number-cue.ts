// The words just before a number say what it is: 电话 makes an 8-digit number a phone, QQ a 9-digit one a QQ
// number, 订单 or 快递单号 a 19-digit one an order rather than a bank card. The nearest such word decides.

/** What a cue word says about the number after it; 'not-personal' marks order, tracking, meter and licence numbers. */
export type NumberCue = 'phone' | 'qq' | 'wechat' | 'idcard' | 'bankcard' | 'not-personal';

const CUE_WORDS: Record<NumberCue, readonly string[]> = {
  phone: ['电话', '手机', '座机', '固话', '联系方式', '号码', '拨打', '致电', '回电', 'tel', 'phone', 'mobile'],
  qq: ['QQ', '扣扣', '企鹅', 'QQ账号'],
  wechat: ['微信', '加微信', '微信账号', '威信', '薇信', 'V信', 'vx', 'wx', 'wechat', 'weixin'],
  idcard: ['身份证', '证件', '身份号码'],
  bankcard: ['银行卡', '卡号', '账号', '帐号', '工资卡', '储蓄卡', '信用卡', '借记卡', '银行账户'],
  'not-personal': [
    '订单',
    '单号',
    '工单',
    '快递',
    '运单',
    '物流',
    '发票',
    '营业执照',
    '信用代码',
    '税号',
    '电表',
    '水表',
    '气表',
    '燃气表',
    '户号',
    '编号',
    '流水号',
    '合同',
    '保单',
    '车架号',
    '发动机号',
    '序列号',
    '条码',
    '批号',
    '取件码',
    '验证码',
    '邮编',
    '邮政编码',
    '车次',
    '航班',
    '案号',
  ],
};

const KIND_OF = new Map<string, NumberCue>(
  Object.entries(CUE_WORDS).flatMap(([kind, words]) => words.map((w) => [w.toLowerCase(), kind as NumberCue])),
);

/**
 * All cue words, longest first (at one position the longest wins), each with the 号/号码 that may follow it taken
 * along: 发票号码 is one invoice cue, not 发票 followed by the phone cue 号码.
 */
const CUE_PATTERN = new RegExp(
  `(${[...KIND_OF.keys()]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})(?:号码|号)?`,
  'gi',
);

/** How far back a cue is looked for, in characters. */
const WINDOW = 14;
/** Between the cue and the number: at most this many characters (是, ：, 为, a space, a short aside). */
const MAX_GAP = 6;
/** A digit (another number), a placeholder's closing bracket or a sentence end between them cuts the cue off. */
const CUT = /[\d\]。！？!?；;\n]/;

/** A cue and how many characters stand between it and the number. */
export interface CueBefore {
  readonly kind: NumberCue;
  readonly gap: number;
}

/**
 * The cue that governs a number starting at `at` in detector-form text (see digit-forms.ts), or undefined.
 * The last cue word in the few characters before the number decides, when it is close enough and nothing but
 * glue stands between: "联系电话：" → 'phone', "快递员电话 " → 'phone', "订单号码是" → 'not-personal'.
 *
 * @example
 * numberCueBefore('我的QQ是 12345678', 6); // => { kind: 'qq', gap: 2 }
 * numberCueBefore('订单号 2026112312345678901', 4); // => { kind: 'not-personal', gap: 1 }
 * numberCueBefore('电话：[电话] 2345678', 9); // => undefined (a placeholder stands between)
 */
export function numberCueBefore(text: string, at: number): CueBefore | undefined {
  const window = text.slice(Math.max(0, at - WINDOW), at);
  let last: RegExpExecArray | undefined;
  for (const m of window.matchAll(CUE_PATTERN)) last = m;
  if (last === undefined) return undefined;
  const gap = window.slice(last.index + last[0].length);
  if (gap.length > MAX_GAP || CUT.test(gap)) return undefined;
  return { kind: KIND_OF.get(last[1].toLowerCase())!, gap: gap.length };
}
