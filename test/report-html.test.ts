// The morning report's HTML, read back with a real HTML parser: sections in order, charts with one mark per row,
// citizens' text escaped, nothing fetched, 无 for empty lists and 该日无数据 for a day with nothing stored.
import { Value } from '@sinclair/typebox/value';
import { type DefaultTreeAdapterMap, parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../engine/report/render-report-html.ts';
import {
  compactDates,
  countChange,
  formatDuration,
  relativeChange,
  timeOnDay,
} from '../engine/report/report-format.ts';
import { MorningReport } from '../schemas/morning-report.ts';
import { HOSTILE_QUOTE, NO_DATA_REPORT, SAMPLE_REPORT } from './fixtures/morning-report-sample.ts';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const SECTIONS: readonly [string, string | null][] = [
  ['header', null],
  ['overview', '一、总体情况'],
  ['topics', '二、诉求分类'],
  ['districts', '三、区域分布'],
  ['hours', '四、时段分布'],
  ['alerts', '五、当日预警'],
  ['top-issues', '六、需重点关注的问题'],
  ['units', '七、承办单位响应'],
  ['hotspots', '八、反复出现的热点'],
  ['definitions', '注释与口径'],
];

const isElement = (node: Node): node is Element => 'tagName' in node;

/** Every element under `root` in document order; `skip` prunes a subtree (a chart's legend is not data). */
function elements(root: Node, skip: (el: Element) => boolean = () => false): Element[] {
  const out: Element[] = [];
  const visit = (node: Node) => {
    if (isElement(node)) {
      if (skip(node)) return;
      out.push(node);
    }
    // A <template> keeps its children in `content`: the report has none, but a stray one must not hide a <script>.
    const content = isElement(node) && 'content' in node ? [node.content as Node] : [];
    for (const child of [...('childNodes' in node ? node.childNodes : []), ...content]) visit(child);
  };
  visit(root);
  return out;
}

const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
const classes = (el: Element) => (attr(el, 'class') ?? '').split(/\s+/);
const hasClass = (cls: string) => (el: Element) => classes(el).includes(cls);
/** Tag names, so a failing assertion prints them rather than the whole tree around them. */
const tags = (els: readonly Element[]) => els.map((el) => el.tagName);

function text(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(text).join('') : '';
}

function byId(doc: Node, id: string): Element {
  const found = elements(doc).find((el) => attr(el, 'id') === id);
  if (!found) throw new Error(`no element #${id}`);
  return found;
}

/** The chart <svg class="chart chart-<name>"> under `root`. */
function chart(root: Node, name: string): Element {
  const found = elements(root).filter((el) => el.tagName === 'svg' && hasClass(`chart-${name}`)(el));
  expect(found, `one chart-${name}`).toHaveLength(1);
  return found[0];
}

/** Data marks of class `cls` in a chart, leaving out its legend's swatches. */
const marks = (svg: Element, cls: string) => elements(svg, hasClass('legend')).filter(hasClass(cls));

const render = (report: MorningReport) => parse(renderReportHtml(report));

describe('morning report fixture', () => {
  it('matches the schema, so it cannot drift from the contract', () => {
    for (const report of [SAMPLE_REPORT, NO_DATA_REPORT]) {
      expect([...Value.Errors(MorningReport, report)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
      expect(Value.Check(MorningReport, report)).toBe(true);
    }
  });
});

describe('morning report HTML', () => {
  const html = renderReportHtml(SAMPLE_REPORT);
  const doc = parse(html);
  const all = elements(doc);

  it('is a standalone Chinese HTML5 document with A4 print rules and nothing to run or fetch', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const root = all.find((el) => el.tagName === 'html')!;
    expect(attr(root, 'lang')).toBe('zh-CN');
    expect(all.some((el) => el.tagName === 'meta' && attr(el, 'charset') === 'utf-8')).toBe(true);
    const style = text(all.find((el) => el.tagName === 'style')!);
    expect(style).toContain('@page { size: A4; margin: 14mm 12mm 16mm;');
    expect(style).toContain('"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif');
    expect(style).not.toMatch(/@import|@font-face|url\(/);
    expect(tags(all.filter((el) => ['script', 'link', 'iframe', 'img', 'object'].includes(el.tagName)))).toEqual([]);
    expect(tags(all.filter((el) => el.attrs.some((a) => /^(src|href|xlink:href)$/.test(a.name))))).toEqual([]);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?https?:/i);
  });

  it('has every section in order, each under its heading', () => {
    const sections = all.filter((el) => el.tagName === 'section');
    expect(sections.map((s) => attr(s, 'id'))).toEqual(SECTIONS.map(([id]) => id));
    for (const [id, heading] of SECTIONS) {
      const first = byId(doc, id).childNodes.find(isElement)!;
      if (heading === null) expect(text(first)).toBe('成都市网络理政日报');
      else expect([first.tagName, text(first)]).toEqual(['h2', heading]);
    }
  });

  it('heads the report with the city, the day and its weekday, when it was made and from what', () => {
    const header = text(byId(doc, 'header'));
    expect(header).toContain('2026年12月8日　星期二');
    expect(header).toContain('生成时间：2026年12月9日 06:30');
    expect(header).toContain('数据来源：已存储来件');
  });

  it('gives every chart a role, a label and a title', () => {
    const charts = all.filter((el) => el.tagName === 'svg');
    expect(charts.map((svg) => classes(svg)[1])).toEqual([
      'chart-daily-trend',
      'chart-topics',
      'chart-districts',
      'chart-hours',
    ]);
    for (const svg of charts) {
      expect(attr(svg, 'role')).toBe('img');
      expect(attr(svg, 'aria-label')).toBeTruthy();
      const title = svg.childNodes.find(isElement)!;
      expect([title.tagName, text(title)]).toEqual(['title', attr(svg, 'aria-label')]);
    }
  });

  it('compares the day with the day before and the same weekday a week earlier, with arrows', () => {
    const overview = text(byId(doc, 'overview'));
    expect(overview).toContain('6,012件');
    expect(overview).toContain('▼ 192 件（3.1%）');
    expect(overview).toContain('▲ 323 件（5.7%）');
    expect(overview).toContain('5,231人');
    expect(overview).toContain(SAMPLE_REPORT.overview.sentence);
    const channels = elements(byId(doc, 'overview')).filter((el) => el.tagName === 'tbody')[0];
    expect(elements(channels).filter((el) => el.tagName === 'tr')).toHaveLength(5);
  });

  it('prints 无数据 for a comparison day without data, never a change against zero', () => {
    const report = { ...SAMPLE_REPORT, overview: { ...SAMPLE_REPORT.overview, previousDay: null, weekBefore: null } };
    const kpis = elements(render(report)).filter(hasClass('kpi'));
    expect(kpis.map((k) => text(k).match(/无数据/g)?.length)).toEqual([2, 2]);
  });

  it('draws 30 days of columns with the day marked and the known events on their days', () => {
    const svg = chart(doc, 'daily-trend');
    expect(marks(svg, 'day-bar')).toHaveLength(30);
    expect(marks(svg, 'is-day')).toHaveLength(1);
    expect(marks(svg, 'callers-line')).toHaveLength(1);
    const events = marks(svg, 'event-marker');
    expect(events.map(text)).toEqual(['① 住房公积金贷款新政发布', '② 寒潮降温，部分片区燃气…']);
    const caption = text(byId(doc, 'overview').childNodes.filter(isElement).at(-1)!);
    expect(caption).toContain('② 12月6日 寒潮降温，部分片区燃气压力不足（全市）');
  });

  it('marks only the events inside the 30 days', () => {
    const outside = { date: '2026-10-01', title: '国庆假期', scope: 'city', scopeName: '全市' };
    const svg = chart(render({ ...SAMPLE_REPORT, events: [...SAMPLE_REPORT.events, outside] }), 'daily-trend');
    expect(marks(svg, 'event-marker')).toHaveLength(2);
  });

  it('draws one bar per topic with its name and the change against a week before beside it', () => {
    const svg = chart(doc, 'topics');
    expect(marks(svg, 'bar')).toHaveLength(14);
    expect(marks(svg, 'bar-label').map(text)).toEqual(SAMPLE_REPORT.topics.rows.map((r) => r.name));
    const notes = marks(svg, 'bar-note');
    expect(text(notes[4])).toBe('▲ 49.7%');
    expect(classes(notes[4])).toContain('trend-up');
    expect(text(notes[2])).toBe('▼ 2.0%');
    expect(text(byId(doc, 'topics'))).toContain(SAMPLE_REPORT.topics.sentence);
  });

  it('ranks the districts with the rate per 10,000 residents only when the population is known', () => {
    const svg = chart(doc, 'districts');
    expect(marks(svg, 'bar')).toHaveLength(23);
    expect(marks(svg, 'bar-note').map(text).slice(0, 3)).toEqual(['3.03', '2.74', '3.05']);
    const unknown = { ...SAMPLE_REPORT, districts: { ...SAMPLE_REPORT.districts, populationKnown: false } };
    const plain = chart(render(unknown), 'districts');
    expect(
      marks(plain, 'bar-note')
        .map(text)
        .every((t) => t === ''),
    ).toBe(true);
    expect(attr(plain, 'aria-label')).not.toContain('每万');
  });

  it('draws the 24 hours against the usual curve, and says so when there is none', () => {
    const svg = chart(doc, 'hours');
    expect(marks(svg, 'point')).toHaveLength(24);
    expect(marks(svg, 'usual-line')).toHaveLength(1);
    expect(marks(svg, 'usual-area')).toHaveLength(1);
    const bare = render({ ...SAMPLE_REPORT, hours: { ...SAMPLE_REPORT.hours, usual: null, usualDays: [] } });
    const none = chart(bare, 'hours');
    expect(marks(none, 'point')).toHaveLength(24);
    expect(tags(elements(none).filter(hasClass('usual-line')))).toEqual([]);
    expect(text(byId(bare, 'hours'))).toContain('常日曲线：无');
  });

  it('lists the alerts in Chinese: kind, where, time, status, the unit (suggested ones marked), response minutes', () => {
    const rows = elements(byId(doc, 'alerts')).filter(
      (el) => el.tagName === 'tr' && el.parentNode?.nodeName === 'tbody',
    );
    expect(rows).toHaveLength(11);
    const cells = rows.map((r) => r.childNodes.filter(isElement).map(text));
    expect(cells[0]).toEqual([
      '突增',
      '新都区·水电气',
      '07:12',
      '51',
      '58',
      '12.4',
      '已派单',
      '供水、供电、燃气企业',
      '9',
      '26',
      '—',
    ]);
    expect(cells[1].slice(0, 2)).toEqual(['事件', '金牛区·营门口路258号小区 物业管理']);
    expect(cells[2].slice(0, 2)).toEqual(['全市', '全市·水电气']);
    expect(new Set(cells.map((c) => c[6]))).toEqual(new Set(['待处理', '已确认', '已派单', '已办结']));
    expect(cells[4][7]).toBe('建议：市人社局劳动监察');
    expect(cells[4].slice(8)).toEqual(['—', '—', '—']);
  });

  it('prints each top issue as a numbered card with its figures, signals, summary, quotes and unit', () => {
    const cards = elements(byId(doc, 'top-issues')).filter(hasClass('issue'));
    expect(cards).toHaveLength(7);
    expect(cards.map((c) => text(elements(c).find(hasClass('issue-rank'))!))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
    ]);
    const first = text(cards[0]);
    expect(first).toContain('反映 15 人 · 来件 17 件 · 自 13:42 起 · 为预期的 16.7 倍');
    expect(first).toContain('燃气泄漏');
    expect(first).toContain(SAMPLE_REPORT.topIssues[0].caseSummary);
    expect(first).toContain('承办：供水、供电、燃气企业');
    expect(text(cards[1])).toContain('建议：供水、供电、燃气企业');
    expect(text(cards[6])).toContain('自 12月7日 22:15 起');
    expect(cards.filter((c) => elements(c).some(hasClass('badge')))).toHaveLength(7);
    for (const card of cards) expect(elements(card).filter(hasClass('quote')).length).toBeLessThanOrEqual(3);
    const many = { ...SAMPLE_REPORT.topIssues[0], quotes: ['一', '二', '三', '四'], unresolved: false };
    const one = render({ ...SAMPLE_REPORT, topIssues: [many] });
    const card = elements(byId(one, 'top-issues')).find(hasClass('issue'))!;
    expect(elements(card).filter(hasClass('quote')).map(text)).toEqual(['「一」', '「二」', '「三」']);
    expect(elements(card).some(hasClass('badge'))).toBe(false);
  });

  it("keeps citizens' text as text: no <script> element, the quote intact", () => {
    expect(tags(all.filter((el) => el.tagName === 'script'))).toEqual([]);
    const quotes = elements(byId(doc, 'top-issues')).filter(hasClass('quote')).map(text);
    expect(quotes).toContain(`「${HOSTILE_QUOTE}」`);
    expect(html).toContain('&lt;script&gt;alert(&quot;退费&quot;)&lt;/script&gt;');
    const hostile = '<b onmouseover="x">噪音</b> & \'更多\'';
    const rows = [{ ...SAMPLE_REPORT.topics.rows[0], name: hostile }];
    const report = { ...SAMPLE_REPORT, city: '成都市</style><script>', topics: { ...SAMPLE_REPORT.topics, rows } };
    const parsed = render(report);
    const tree = elements(parsed);
    expect(tags(tree.filter((el) => ['script', 'b'].includes(el.tagName)))).toEqual([]);
    expect(marks(chart(parsed, 'topics'), 'bar-label').map(text)).toEqual([hostile]);
    expect(text(tree.find((el) => el.tagName === 'h1')!)).toBe('成都市</style><script>网络理政日报');
  });

  it('ranks the units by rank and lists the ones with too few cases after them, greyed', () => {
    const shuffled = [...SAMPLE_REPORT.units.rows].reverse();
    const parsed = render({ ...SAMPLE_REPORT, units: { ...SAMPLE_REPORT.units, rows: shuffled } });
    const rows = elements(byId(parsed, 'units')).filter(
      (el) => el.tagName === 'tr' && el.parentNode?.nodeName === 'tbody',
    );
    const firstCells = rows.map((r) => text(r.childNodes.find(isElement)!));
    const ranks = Array.from({ length: 10 }, (_, i) => String(i + 1));
    expect(firstCells).toEqual([...ranks, '案件数不足', '案件数不足', '案件数不足']);
    expect(rows.filter(hasClass('unranked'))).toHaveLength(3);
    const top = rows[0].childNodes.filter(isElement).map(text);
    expect(top).toEqual(['1', '市交通运输局', '42', '38', '90.5%', '89.1%', '14 分钟', '6.2 小时']);
    expect(text(byId(parsed, 'units'))).toContain(SAMPLE_REPORT.units.method);
  });

  it('lists the recurring hotspots with their days and compact dates', () => {
    const rows = elements(byId(doc, 'hotspots')).filter(
      (el) => el.tagName === 'tr' && el.parentNode?.nodeName === 'tbody',
    );
    expect(rows.map((r) => r.childNodes.filter(isElement).map(text))[0]).toEqual([
      '成华区·噪音扰民',
      '区域·类别',
      '7 天',
      '9 次',
      '11月12、19、20、27日，12月2、3、7日',
    ]);
    expect(rows).toHaveLength(3);
  });

  it('prints every definition at the foot', () => {
    const terms = elements(byId(doc, 'definitions')).filter((el) => el.tagName === 'dt');
    expect(terms.map(text)).toEqual(SAMPLE_REPORT.definitions.map((d) => `${d.term}：`));
  });

  it('says 无 for an empty list instead of printing an empty table', () => {
    const parsed = render({ ...SAMPLE_REPORT, alerts: [], topIssues: [], hotspots: [] });
    for (const id of ['alerts', 'top-issues', 'hotspots']) {
      const section = byId(parsed, id);
      expect(tags(elements(section).filter((el) => el.tagName === 'table'))).toEqual([]);
      expect(text(elements(section).find(hasClass('none'))!)).toMatch(/^无。/);
    }
  });
});

describe('morning report HTML for a day with no data', () => {
  const doc = render(NO_DATA_REPORT);
  const all = elements(doc);

  it('says 该日无数据 on its own, with no charts, tables or zeros', () => {
    expect(all.filter((el) => el.tagName === 'section').map((s) => attr(s, 'id'))).toEqual(['header', 'no-data']);
    expect(text(byId(doc, 'no-data'))).toContain('该日无数据');
    expect(text(byId(doc, 'no-data'))).toContain('2026年12月9日（星期三）没有存储任何来件记录');
    expect(tags(all.filter((el) => ['svg', 'table'].includes(el.tagName)))).toEqual([]);
    expect(text(byId(doc, 'no-data'))).not.toMatch(/\d+ ?件/);
  });
});

describe('report formatting', () => {
  it('writes changes with arrows, 持平 and 无数据', () => {
    expect(countChange(6012, 5689, '件')).toEqual({ trend: 'up', text: '▲ 323 件（5.7%）' });
    expect(countChange(10, 10, '人')).toEqual({ trend: 'flat', text: '持平' });
    expect(countChange(12, 0, '件')).toEqual({ trend: 'up', text: '▲ 12 件' });
    expect(countChange(12, null, '件')).toEqual({ trend: null, text: '无数据' });
    expect(relativeChange(-0.0646)).toEqual({ trend: 'down', text: '▼ 6.5%' });
    expect(relativeChange(0.0001).text).toBe('持平');
  });

  it('writes durations, dates and clock times as people read them', () => {
    expect([null, 38, 372, 4020].map(formatDuration)).toEqual(['—', '38 分钟', '6.2 小时', '2.8 天']);
    expect(compactDates(['2026-12-02', '2026-11-12', '2026-12-08'])).toBe('11月12日，12月2、8日');
    expect(timeOnDay('2026-12-08T07:12:00+08:00', '2026-12-08', 'Asia/Shanghai')).toBe('07:12');
    expect(timeOnDay('2026-12-07T14:15:00Z', '2026-12-08', 'Asia/Shanghai')).toBe('12月7日 22:15');
  });
});
