// The morning report (网络理政日报) as one standalone HTML page: every section in the order officials read it, the
// charts drawn on the server as SVG, no script and nothing fetched, so the same file prints to the same PDF anywhere.
import type { MorningReport, ReportAlert, TopIssue, UnitRow } from '../../schemas/morning-report.ts';
import { dailyTrendChart, eventMark, trendEvents } from './chart-daily-trend.ts';
import { hourCurveChart } from './chart-hour-curve.ts';
import { type BarRow, rankingBarChart } from './chart-ranking-bars.ts';
import { escapeHtml } from './escape-html.ts';
import {
  type Change,
  compactDates,
  countChange,
  dayLabel,
  formatDecimal,
  formatDuration,
  formatInt,
  formatPercent,
  localTime,
  monthDay,
  NO_DATA,
  relativeChange,
  timeOnDay,
} from './report-format.ts';
import { ALERT_KIND_ZH, SOURCE_ZH, statusWord, zh } from './report-labels.ts';
import { reportStyles } from './report-styles.ts';

/** A table column: its heading and whether it holds numbers (right-aligned). */
interface Column {
  readonly head: string;
  readonly num?: boolean;
}

/** A table row of cells that are already HTML (escaped where they carry text). */
interface Row {
  readonly cells: readonly string[];
  readonly className?: string;
}

/** Quotes printed per top issue, however many the report carries. */
const QUOTES_SHOWN = 3;

/** The complete HTML5 document of `report`. */
export function renderReportHtml(report: MorningReport): string {
  const title = `${report.city}网络理政日报`;
  const body = report.hasData ? fullReport(report) : noDataNotice(report);
  return (
    '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">' +
    `<title>${escapeHtml(`${title} · ${dayLabel(report.day)}`)}</title>` +
    `<style>${reportStyles(`${title} · ${dayLabel(report.day)} ${report.weekday}`)}</style></head>` +
    `<body>${masthead(report)}${body}</body></html>\n`
  );
}

/** Sections 一 to 八 and the definitions, in the order officials read them. */
function fullReport(report: MorningReport): string {
  return [
    overview(report),
    topics(report),
    districts(report),
    hours(report),
    alerts(report),
    topIssues(report),
    units(report),
    hotspots(report),
    definitions(report),
  ].join('');
}

/** A section with its id and numbered heading. */
function section(id: string, heading: string, content: string): string {
  return `<section id="${id}"><h2>${escapeHtml(heading)}</h2>${content}</section>`;
}

/** The line an empty list prints instead of an empty table. */
function none(reason: string): string {
  return `<p class="none">无。${escapeHtml(reason)}</p>`;
}

/** An analyst's sentence under a heading or chart; nothing when the report has none. */
function sentence(text: string): string {
  return text ? `<p class="sentence">${escapeHtml(text)}</p>` : '';
}

/** The class that colours a change's arrow (trend-up, trend-down, trend-flat) or greys 无数据 (no-data). */
function trendClass(change: Change): string {
  return change.trend === null ? 'no-data' : `trend-${change.trend}`;
}

/** A change as coloured text. */
function changeHtml(change: Change): string {
  return `<span class="${trendClass(change)}">${escapeHtml(change.text)}</span>`;
}

/** A numbered table ("表2 …"); `columns` headings are escaped, row cells are HTML already. */
function table(className: string, caption: string, columns: readonly Column[], rows: readonly Row[]): string {
  const head = columns.map((c) => `<th${c.num ? ' class="num"' : ''}>${escapeHtml(c.head)}</th>`).join('');
  const body = rows
    .map((row) => {
      const cells = row.cells.map((cell, i) => `<td${columns[i].num ? ' class="num"' : ''}>${cell}</td>`).join('');
      return `<tr${row.className ? ` class="${row.className}"` : ''}>${cells}</tr>`;
    })
    .join('');
  return `<table class="${className}"><caption>${caption}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** "表2" or "图1" in bold before a caption's text. */
function numbered(label: string, text: string): string {
  return `<span class="fig">${label}</span>${escapeHtml(text)}`;
}

/** A chart with its caption (HTML), kept on one page. */
function figure(chart: string, caption: string): string {
  return `<figure>${chart}<figcaption>${caption}</figcaption></figure>`;
}

/** The red-headed title block: city, day and weekday, when it was made, from which source. */
function masthead(report: MorningReport): string {
  const generated = localTime(report.generatedAt, report.timezone);
  return (
    `<section id="header" class="masthead"><h1>${escapeHtml(report.city)}网络理政日报</h1>` +
    `<p class="day">${dayLabel(report.day)}　${escapeHtml(report.weekday)}</p><div class="rule"></div>` +
    `<p class="meta"><span>生成时间：${dayLabel(generated.day)} ${generated.clock}</span>` +
    `<span>数据来源：${SOURCE_ZH[report.source]} <small>${report.source}</small></span>` +
    `<span>时区：${escapeHtml(report.timezone)}</span></p></section>`
  );
}

/** The whole body of a day with nothing stored: one clear notice instead of zeros. */
function noDataNotice(report: MorningReport): string {
  return (
    `<section id="no-data" class="no-data-box"><h2>该日无数据</h2>` +
    `<p>${dayLabel(report.day)}（${escapeHtml(report.weekday)}）没有存储任何来件记录。</p>` +
    '<p>本日报不列出各项统计，以免把缺失的数据读作零。</p><p>如该日确有来件，请核查数据接入与存储后重新生成。</p></section>'
  );
}

/** One headline figure with its two comparisons; `extra` (HTML) goes under them. */
function kpi(label: string, unit: string, key: 'reports' | 'callers', report: MorningReport, extra = ''): string {
  const value = report.overview[key];
  const { previousDay, weekBefore } = report.overview;
  const against = (name: string, other: MorningReport['overview']['previousDay']) =>
    `<dt>${name}${other ? ` <small>${monthDay(other.day)}</small>` : ''}</dt>` +
    `<dd>${changeHtml(countChange(value, other ? other[key] : null, unit))}</dd>`;
  return (
    `<div class="kpi"><div class="kpi-label">${label}</div>` +
    `<div class="kpi-value">${formatInt(value)}<span class="unit">${unit}</span></div>` +
    `<dl>${against('较前一日', previousDay)}${against('较上周同日', weekBefore)}</dl>${extra}</div>`
  );
}

/** 一、总体情况: the two headline figures, the channels, the sentence and the 30-day trend with its events. */
function overview(report: MorningReport): string {
  const o = report.overview;
  const late = o.late > 0 ? `<p class="late">其中迟到来件 ${formatInt(o.late)} 件（见注释）</p>` : '';
  const kpis = kpi('来件', '件', 'reports', report, late) + kpi('反映人数', '人', 'callers', report);
  const channels =
    o.channels.length === 0
      ? none('当日来件未记录渠道。')
      : table(
          'channels',
          numbered('表1', '各渠道来件'),
          [
            { head: '渠道' },
            { head: '来件（件）', num: true },
            { head: '占比', num: true },
            { head: '反映人数（人）', num: true },
            { head: '较上周同日', num: true },
          ],
          o.channels.map((c) => ({
            cells: [
              `${escapeHtml(c.name)} <small>${escapeHtml(c.code)}</small>`,
              formatInt(c.reports),
              formatPercent(c.share),
              formatInt(c.callers),
              changeHtml(relativeChange(c.changeWeek)),
            ],
          })),
        );
  const marked = trendEvents(report.daily, report.events);
  const eventList =
    marked.length === 0
      ? ''
      : `；图中标注：${marked
          .map((e, i) => `${eventMark(i)} ${monthDay(e.date)} ${escapeHtml(e.title)}（${escapeHtml(e.scopeName)}）`)
          .join('；')}`;
  const trend =
    report.daily.length === 0
      ? none('近30日无逐日数据。')
      : figure(
          dailyTrendChart(report.daily, report.events, report.day),
          `${numbered('图1', `近${report.daily.length}日逐日来件与反映人数`)}${eventList}`,
        );
  return section(
    'overview',
    '一、总体情况',
    `<div class="overview-grid block"><div class="kpis">${kpis}</div><div>${channels}${sentence(o.sentence)}</div></div>` +
      trend,
  );
}

/** 二、诉求分类: topics ranked by reports, each with its change against a week before. */
function topics(report: MorningReport): string {
  const rows = report.topics.rows;
  const chart = rankingBarChart({
    name: 'topics',
    label: '各类诉求来件数及较上周同日变化',
    rowHeight: 16,
    valueHeading: '来件（件，占比）',
    noteHeading: '较上周同日',
    rows: rows.map((r): BarRow => {
      const change = relativeChange(r.changeWeek);
      return {
        label: r.name,
        value: r.reports,
        valueText: `${formatInt(r.reports)}（${formatPercent(r.share)}）`,
        note: change.text,
        noteClass: trendClass(change),
      };
    }),
  });
  const content =
    rows.length === 0 ? none('当日来件未分类。') : figure(chart, numbered('图2', '各类诉求来件数（按来件数排序）'));
  return section('topics', '二、诉求分类', content + sentence(report.topics.sentence));
}

/** 三、区域分布: districts ranked by reports, with the rate per 10,000 residents when the profile has populations. */
function districts(report: MorningReport): string {
  const { rows, populationKnown } = report.districts;
  const chart = rankingBarChart({
    name: 'districts',
    label: populationKnown ? '各区（市）县来件数及每万常住人口来件数' : '各区（市）县来件数',
    rowHeight: 14.5,
    valueHeading: '来件（件）',
    noteHeading: populationKnown ? '每万常住人口来件' : '',
    rows: rows.map(
      (r): BarRow => ({
        label: r.name,
        value: r.reports,
        valueText: formatInt(r.reports),
        note: populationKnown ? (typeof r.per10k === 'number' ? r.per10k.toFixed(2) : '—') : '',
      }),
    ),
  });
  const content =
    rows.length === 0
      ? none('当日来件未归属区域。')
      : figure(chart, numbered('图3', `各区（市）县来件排名${populationKnown ? '；右列为每万常住人口来件数' : ''}`));
  return section('districts', '三、区域分布', content + sentence(report.districts.sentence));
}

/** 四、时段分布: the day's hours against the usual curve, or a note that there is none. */
function hours(report: MorningReport): string {
  const h = report.hours;
  const usualLabel = `常日（前${h.usualDays.length}个同星期日平均）`;
  const missing = h.usual === null ? '<p class="note">常日曲线：无（此前同星期各日无来件数据，未作比较）。</p>' : '';
  const caption = numbered(
    '图4',
    `当日逐小时来件${h.usual ? `；虚线为常日曲线，取 ${h.usualDays.map(monthDay).join('、')} 的平均` : ''}`,
  );
  return section(
    'hours',
    '四、时段分布',
    figure(hourCurveChart(h.observed, h.usual, usualLabel), caption) + missing + sentence(h.sentence),
  );
}

/** Where an alert is, as officials name it: 区·类别, 区·地点 (with the topic beside), or 全市·类别. */
function alertWhere(a: ReportAlert): string {
  const area = escapeHtml(a.districtName ?? '全市');
  if (a.place) return `${area}·${escapeHtml(a.place)} <small>${escapeHtml(a.topicName)}</small>`;
  return `${area}·${escapeHtml(a.topicName)}`;
}

/** The responsible unit, or the profile's suggestion marked as such. */
function unitCell(unit: string | null, suggested: boolean): string {
  if (unit === null) return '—';
  return suggested ? `<span class="suggested">建议：${escapeHtml(unit)}</span>` : escapeHtml(unit);
}

/** Response minutes as a table cell: the number, or — when not (yet) done. */
function minutes(value: number | null): string {
  return value === null ? '—' : formatInt(value);
}

/** 五、当日预警: one row per alert opened on the day. */
function alerts(report: MorningReport): string {
  const content =
    report.alerts.length === 0
      ? none('当日未产生预警。')
      : table(
          'alerts',
          numbered(
            '表2',
            `当日预警 ${report.alerts.length} 条；人数为时间窗内反映人数，预期为基线预期人数，确认、派单、办结为自预警生成起的分钟数`,
          ),
          [
            { head: '类型' },
            { head: '区域·类别／地点' },
            { head: '生成' },
            { head: '人数', num: true },
            { head: '件数', num: true },
            { head: '预期', num: true },
            { head: '状态' },
            { head: '承办单位' },
            { head: '确认', num: true },
            { head: '派单', num: true },
            { head: '办结', num: true },
          ],
          report.alerts.map((a) => ({
            cells: [
              `<span class="nowrap">${escapeHtml(zh(ALERT_KIND_ZH, a.kind))}</span>`,
              `<span class="where">${alertWhere(a)}</span>`,
              timeOnDay(a.openedAt, report.day, report.timezone),
              formatInt(a.people),
              formatInt(a.count),
              formatDecimal(a.expected),
              `<span class="nowrap status-${escapeHtml(a.status)}">${escapeHtml(statusWord(a))}</span>`,
              unitCell(a.unit, a.unitSuggested),
              minutes(a.response.acknowledge),
              minutes(a.response.dispatch),
              minutes(a.response.resolve),
            ],
          })),
        );
  return section('alerts', '五、当日预警', content);
}

/** The issue's unit: the profile's suggestion until its alert is dispatched, then the unit handling it. */
function issueUnit(issue: TopIssue): string {
  if (issue.unit === null) return '';
  return `<span class="unit">${issue.unitSuggested ? unitCell(issue.unit, true) : `承办：${escapeHtml(issue.unit)}`}</span>`;
}

/** One numbered top issue: title and tags, figures, signals, the case summary, quotes and the unit. */
function issueCard(issue: TopIssue, report: MorningReport): string {
  const badge = issue.unresolved ? '<span class="badge">未办结</span>' : '';
  const meta = [
    `反映 ${formatInt(issue.people)} 人`,
    `来件 ${formatInt(issue.reports)} 件`,
    `自 ${timeOnDay(issue.since, report.day, report.timezone)} 起`,
    `为预期的 ${formatDecimal(issue.growth)} 倍`,
  ].join(' · ');
  const signals = issue.urgentSignals.map((s) => `<span class="signal">${escapeHtml(s)}</span>`).join('');
  const urgency = issue.urgentSignals.length > 0 ? ` · 紧急信号${signals}` : '';
  const quotes = issue.quotes
    .slice(0, QUOTES_SHOWN)
    .map((q) => `<span class="quote">「${escapeHtml(q)}」</span>`)
    .join('');
  return (
    `<article class="issue"><div class="issue-rank">${issue.rank}</div><div>` +
    `<div class="issue-head"><h3>${escapeHtml(issue.title)}<span class="kind-tag">` +
    `${escapeHtml(zh(ALERT_KIND_ZH, issue.kind))}</span>${badge}</h3>${issueUnit(issue)}</div>` +
    `<p class="issue-meta">${meta}${urgency}</p>` +
    `<p class="issue-summary">${escapeHtml(issue.caseSummary)}</p>` +
    (quotes ? `<p class="quotes">群众原话：${quotes}</p>` : '') +
    '</div></article>'
  );
}

/** 六、需重点关注的问题: the ranked cards. */
function topIssues(report: MorningReport): string {
  const content =
    report.topIssues.length === 0
      ? none('当日无需重点关注的预警。')
      : report.topIssues.map((issue) => issueCard(issue, report)).join('');
  return section('top-issues', '六、需重点关注的问题', content);
}

/** Ranked units by rank, then the unranked ones as the report lists them. */
function unitOrder(rows: readonly UnitRow[]): UnitRow[] {
  const ranked = rows.filter((r) => r.ranked && r.rank !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  return [...ranked, ...rows.filter((r) => !ranked.includes(r))];
}

/** 七、承办单位响应: the units table and the method that ranks them. */
function units(report: MorningReport): string {
  const u = report.units;
  const rate = (value: number | null) => (value === null ? NO_DATA : formatPercent(value));
  const content =
    u.rows.length === 0
      ? none('近30日无派单案件。')
      : table(
          'units',
          numbered('表3', '近30日承办单位按时办结情况'),
          [
            { head: '排名', num: true },
            { head: '承办单位' },
            { head: '案件', num: true },
            { head: '按时办结', num: true },
            { head: '按时办结率', num: true },
            { head: '修正后办结率', num: true },
            { head: '确认用时中位数', num: true },
            { head: '办结用时中位数', num: true },
          ],
          unitOrder(u.rows).map((r) => ({
            className: r.ranked ? undefined : 'unranked',
            cells: [
              r.ranked && r.rank !== null ? String(r.rank) : '案件数不足',
              escapeHtml(r.unit),
              formatInt(r.cases),
              formatInt(r.resolvedInTime),
              rate(r.rate),
              rate(r.shrunkRate),
              formatDuration(r.acknowledgeMedianMinutes),
              formatDuration(r.resolveMedianMinutes),
            ],
          })),
        );
  return section('units', '七、承办单位响应', `${content}<p class="method">说明：${escapeHtml(u.method)}</p>`);
}

/** 八、反复出现的热点: places and cells that alerted on several of the last 30 days. */
function hotspots(report: MorningReport): string {
  const content =
    report.hotspots.length === 0
      ? none('近30日没有反复出现预警的区域或地点。')
      : table(
          'hotspots',
          numbered('表4', '近30日反复出现预警的区域与地点'),
          [
            { head: '热点' },
            { head: '类型' },
            { head: '预警天数', num: true },
            { head: '预警次数', num: true },
            { head: '出现日期' },
          ],
          report.hotspots.map((h) => ({
            cells: [
              escapeHtml(h.title),
              h.kind === 'place' ? '地点' : '区域·类别',
              `${formatInt(h.days)} 天`,
              `${formatInt(h.alerts)} 次`,
              compactDates(h.dates),
            ],
          })),
        );
  return section('hotspots', '八、反复出现的热点', content);
}

/** 注释与口径: every definition, in small type at the foot. */
function definitions(report: MorningReport): string {
  const content =
    report.definitions.length === 0
      ? none('')
      : `<dl class="definitions">${report.definitions
          .map((d) => `<div><dt>${escapeHtml(d.term)}：</dt><dd>${escapeHtml(d.text)}</dd></div>`)
          .join('')}</dl>`;
  return section('definitions', '注释与口径', content);
}
