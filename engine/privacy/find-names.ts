// Personal names have no shape of their own in Chinese text; what gives them away is a cue before them (我叫,
// 联系人, 投诉人) or a title after a surname (王先生). The name runs from a known surname up to the first character
// that reads as the next word (住, 在, 的, 电话…), so "我叫王建国住在…" gives 王建国 and "我叫了物业" nothing.
import { COMPOUND_SURNAMES, SINGLE_SURNAMES } from './chinese-surnames.ts';
import type { RedactedSpan } from './redact-text.ts';

/**
 * Cues before a name, optionally followed by a colon, 是 or 为. Group 1 is the cue, group 2 the colon. 叫 counts
 * only where it starts a clause or follows a person (我叫, 名叫, 他叫, 儿子叫, "，叫…"), not in 狗叫声 or 大叫;
 * kinship words only after a possessor (我爸爸刘德贵, 他儿子), not inside 妇女儿童.
 */
const CUE =
  /((?<=^|[\s，,。、：:；;！!？?“”"我他她人子儿公婆板名字])叫|我是|本人|联系人|姓名|报件人|来电人|来电者|户主|投诉人|反映人|举报人|诉求人|当事人|业主|(?<=[我他她你的])(?:爸爸|父亲|母亲|妈妈|儿子|女儿|老公|丈夫|妻子|老婆))([:：]|是|为)?[ \u3000]*/g;
/** Labels on a form or in an operator's summary: what follows is a name unless it is a word known not to be one. */
const LABELS = new Set(['联系人', '姓名', '报件人', '来电人', '来电者', '投诉人', '反映人', '举报人', '诉求人']);
/**
 * Cues after which ordinary words are as likely as a name (我是业主, 本人住在, 业主反映, 母亲常年): after them
 * surnames that mostly start ordinary words are not read as names (see WEAK_AMBIGUOUS).
 */
const WEAK_CUES = new Set([
  '我是',
  '本人',
  '户主',
  '业主',
  '当事人',
  '爸爸',
  '父亲',
  '母亲',
  '妈妈',
  '儿子',
  '女儿',
  '老公',
  '丈夫',
  '妻子',
  '老婆',
]);
/** Ways of addressing someone by surname: the surname and the title together are the name. */
const TITLES = [
  '先生',
  '女士',
  '小姐',
  '师傅',
  '阿姨',
  '大爷',
  '大妈',
  '大姐',
  '大哥',
  '老师',
  '同学',
  '叔叔',
  '奶奶',
  '爷爷',
  '婆婆',
  '伯伯',
];
/** Titles that mark a name with no cue before them; 师傅 or 老师 also follow trades (维修师傅, 语文老师). */
const CUELESS_TITLE = /先生|女士|小姐/g;

/**
 * Characters that end a given name: the verbs, particles, prepositions and nouns that follow a name in a report
 * (王建国住在, 王芳的, 李明电话, 张伟反映, 王伟今天), and the first characters of titles and address words.
 */
const STOP = new Set(
  '住在是家的了和与及跟同说讲称表要想请求希望反映投诉举报咨询问电话手机号码联系微信邮箱先女师阿老们这那有没不也都' +
    '就还又再已曾正从到于对把被给向让叫为因所多每常一二三四五六七八九十两个位名人年日时分今昨前后上下里外' +
    '内旁边楼单元室户门路街区市县镇村某等道来去回打拨找看听告帮',
);
/**
 * After 叫 or a weak cue, a name must be seen to end: at a mark, a space, the end, or a stop character. Stop
 * characters that also continue the names of places and firms (我是华西医院的, 阳光家园, 龙腾电子厂, 金沙一期,
 * 华阳门诊) do not count, except in words that follow names (家住, 电话, 手机, 三年前).
 */
const PLACE_CONTINUATIONS = new Set('的家电手门楼上下里外内旁边前后元单室户一二三四五六七八九十两');
const AFTER_NAME_WORDS = /^(?:家住|家在|电话|手机|[一两二三四五六七八九十][年个天月次])/;

/**
 * Stop characters that also start common given names (王家豪, 李正阳): as the first given character, followed by
 * a character that is no stop, they belong to the name (王建国家住 still ends at 国, 王家住在 gives no name).
 */
const SOFT_STOP = new Set('家正');
/**
 * A numeral ends a given name unless it is the whole given name and nothing but a stop word follows (张三，李四住在,
 * but 王芳三年前 and 王三次 are not names ending in 三).
 */
const NUMERALS = new Set('一二三四五六七八九十');
const MEASURES = new Set('年月日时分个位名次天号楼层点岁');
/** After a name, a character that makes what came before a place name instead (金牛区, 成都市, 王家镇). */
const PLACE_SUFFIX = /[区县市镇乡村路街巷道桥湾坝场园苑]/;

/**
 * After a weak cue, surnames that are more often the first character of an ordinary word (本人向物业, 我是车主,
 * 业主申请, 本人但是).
 */
const WEAK_AMBIGUOUS = new Set('于向和成车楼房单解申关麻居全应时安常原司商农党明海花平国元展富幸衣满井高田但代母师');
/** Words that start with a surname but are not names, after any cue (成都, 周末, 金牛 as in 金牛区, 司机, 曾经). */
const NOT_NAMES = [
  '周末',
  '周边',
  '周围',
  '成都',
  '金牛',
  '武侯',
  '温江',
  '彭州',
  '简阳',
  '龙泉',
  '蒲江',
  '金堂',
  '司机',
  '师傅',
  '车主',
  '房东',
  '房主',
  '商家',
  '商户',
  '农民',
  '党员',
  '母亲',
  '单位',
  '马上',
  '曾经',
  '高考',
  '高中',
  '毕业',
  '钱款',
  '税务',
  '毛坯',
  '林业',
  '黄色',
  '白天',
  '石头',
  '方面',
  '江边',
  '孙子',
  '孙女',
  '欧式',
];

const HAN = /^[\u4e00-\u9fff]$/;

/** Length of the surname starting at `at` (2 for a compound one), or 0. */
function surnameAt(text: string, at: number): number {
  if (COMPOUND_SURNAMES.has(text.slice(at, at + 2))) return 2;
  return SINGLE_SURNAMES.has(text[at] ?? '') ? 1 : 0;
}

/** Length of the title starting at `at`, or 0. */
function titleAt(text: string, at: number): number {
  return TITLES.find((t) => text.startsWith(t, at))?.length ?? 0;
}

/** Length of the name (surname with title, or surname with one or two given characters) starting at `at`, or 0. */
function nameAt(text: string, at: number): number {
  const surname = surnameAt(text, at);
  if (surname === 0 || NOT_NAMES.some((w) => text.startsWith(w, at))) return 0;
  const title = titleAt(text, at + surname);
  if (title > 0) return surname + title;
  const first = text[at + surname] ?? '';
  const next = text[at + surname + 1] ?? '';
  if (NUMERALS.has(first)) return !HAN.test(next) || (STOP.has(next) && !MEASURES.has(next)) ? surname + 1 : 0;
  const nameChar = (c: string) => HAN.test(c) && !STOP.has(c);
  let given = SOFT_STOP.has(first) && nameChar(next) ? 2 : 0;
  while (given < 2 && nameChar(text[at + surname + given] ?? '')) given++;
  if (given === 0 || PLACE_SUFFIX.test(text[at + surname + given] ?? '')) return 0;
  return surname + given;
}

/** Whether a name that ends just before `at` is seen to end there (see PLACE_CONTINUATIONS). */
function endsName(text: string, at: number): boolean {
  const next = text[at] ?? '';
  if (!HAN.test(next) || AFTER_NAME_WORDS.test(text.slice(at, at + 2))) return true;
  return STOP.has(next) && !PLACE_CONTINUATIONS.has(next);
}

/** Whether what follows a weak cue starts with a surname that mostly starts an ordinary word. */
function ambiguousAfterWeakCue(text: string, at: number): boolean {
  return !COMPOUND_SURNAMES.has(text.slice(at, at + 2)) && WEAK_AMBIGUOUS.has(text[at]);
}

/** A second name in brackets right after a name (邹大爷（邹光荣）): its length with the brackets, or 0. */
function bracketedNameAt(text: string, at: number): number {
  if (text[at] !== '（' && text[at] !== '(') return 0;
  const length = nameAt(text, at + 1);
  return length > 0 && (text[at + 1 + length] === '）' || text[at + 1 + length] === ')') ? length : 0;
}

/**
 * Personal names in a text as written (not in detector form: 张三 must stay Chinese), as 'name' spans: after a
 * cue (我叫, 叫, 姓名：, 联系人, 报件人, 来电人, 投诉人, 户主, 业主, 本人, 我是, kinship words), a surname with one
 * or two given characters or with a title (张先生, 王阿姨), and a second name in brackets after it; with no cue, a
 * surname followed by 先生, 女士 or 小姐. A surname alone (我姓王) is shared by millions and is not a name here.
 * Words that start with a surname (车主, 周末, 成都) are not names. Unless the cue is a label (联系人, 姓名, 来电人,
 * or any cue with a colon), the name must be seen to end (a mark, or 住, 在, 电话, 反映… but not 的 as in
 * 我是华西幼儿园的家长), and after the weaker cues (我是, 本人, 业主, 户主, kinship) it must not start with a
 * surname that mostly starts ordinary words.
 *
 * @example
 * findNames('我叫王建国住在锦城花园'); // => [{ kind: 'name', start: 2, end: 5 }]
 * findNames('我叫了物业三次，本人住在三楼'); // => []
 * findNames('联系人：欧阳娜娜，张女士也在'); // => [{ kind: 'name', start: 4, end: 8 }, { kind: 'name', start: 9, end: 12 }]
 */
export function findNames(text: string): RedactedSpan[] {
  const spans: RedactedSpan[] = [];
  for (const m of text.matchAll(CUE)) {
    const at = m.index + m[0].length;
    const labelled = LABELS.has(m[1]) || m[2] !== undefined;
    if (!labelled && WEAK_CUES.has(m[1]) && ambiguousAfterWeakCue(text, at)) continue;
    const length = nameAt(text, at);
    if (length === 0 || (!labelled && !endsName(text, at + length))) continue;
    spans.push({ kind: 'name', start: at, end: at + length });
    const alias = bracketedNameAt(text, at + length);
    if (alias > 0) spans.push({ kind: 'name', start: at + length + 1, end: at + length + 1 + alias });
  }
  for (const m of text.matchAll(CUELESS_TITLE)) {
    const surname = COMPOUND_SURNAMES.has(text.slice(m.index - 2, m.index))
      ? 2
      : SINGLE_SURNAMES.has(text[m.index - 1])
        ? 1
        : 0;
    if (surname > 0) spans.push({ kind: 'name', start: m.index - surname, end: m.index + m[0].length });
  }
  return spans.sort((a, b) => a.start - b.start);
}
