// The sentences an analyst writes under each chart of the morning report, from its figures: Chinese, numbers as
// officials print them, the comparison days named only when they have data.
import type { Breakdown, DayCount } from '../../schemas/morning-report.ts';
import { formatInt as count, formatPercent as percent } from './report-format.ts';

/** 增加3.2% / 减少1.1% / 持平, for a relative change. */
export function change(current: number, before: number): string {
  if (before === 0) return current === 0 ? '持平' : '新增';
  const r = (current - before) / before;
  if (Math.abs(r) < 0.0005) return '持平';
  return `${r > 0 ? '增加' : '减少'}${percent(Math.abs(r))}`;
}

/** A list joined as 交通出行、社保医保和消费维权. */
export function listed(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join('、')}和${names.at(-1)}`;
}

/** 全天共受理群众诉求6,012件，涉及5,230人，较前一日增加3.2%，较上周同日减少1.1%。 */
export function overviewSentence(
  today: DayCount,
  previousDay: DayCount | null,
  weekBefore: DayCount | null,
  channels: readonly Breakdown[],
): string {
  const parts = [`全天共受理群众诉求${count(today.reports)}件，涉及${count(today.callers)}人`];
  if (previousDay) parts.push(`较前一日${change(today.reports, previousDay.reports)}`);
  if (weekBefore) parts.push(`较上周同日${change(today.reports, weekBefore.reports)}`);
  const top = channels[0];
  const channelPart = top ? `；${top.name}渠道来件最多，占${percent(top.share)}` : '';
  return `${parts.join('，')}${channelPart}。`;
}

/** 总体反映量较大的有交通出行、社保医保和消费维权，分别占14.1%、11.0%、10.2%。 */
export function topicsSentence(rows: readonly Breakdown[]): string {
  const top = rows.filter((r) => r.code !== 'unknown').slice(0, 3);
  if (top.length === 0) return '当日无可归类的诉求。';
  const rising = rows
    .filter((r) => r.changeWeek !== null && r.changeWeek >= 0.3 && r.reports >= 20)
    .sort((a, b) => (b.changeWeek ?? 0) - (a.changeWeek ?? 0))[0];
  const risingPart = rising
    ? `；${rising.name}较上周同日增幅最大（${change(rising.reports, rising.weekBefore!)}）`
    : '';
  return (
    `总体反映量较大的有${listed(top.map((r) => r.name))}，分别占${top.map((r) => percent(r.share)).join('、')}` +
    `${risingPart}。`
  );
}

/** 来件量居前三位的是成华区、新都区和双流区；按每万常住人口计，锦江区、青羊区和高新区居前。 */
export function districtsSentence(rows: readonly Breakdown[]): string {
  const known = rows.filter((r) => r.code !== 'unknown');
  if (known.length === 0) return '当日无可归属区域的诉求。';
  const top = known.slice(0, 3).map((r) => r.name);
  const byRate = known
    .filter((r) => typeof r.per10k === 'number')
    .sort((a, b) => (b.per10k ?? 0) - (a.per10k ?? 0))
    .slice(0, 3)
    .map((r) => r.name);
  const ratePart = byRate.length > 0 ? `；按每万常住人口计，${listed(byRate)}居前` : '';
  return `来件量居前${top.length === 3 ? '三' : top.length === 2 ? '两' : '一'}位的是${listed(top)}${ratePart}。`;
}

/** 来件高峰出现在10时至11时（612件），较同星期常日同时段高出12.0%。 */
export function hoursSentence(observed: readonly number[], usual: readonly number[] | null): string {
  const peak = observed.reduce((best, n, h) => (n > observed[best] ? h : best), 0);
  const base = `来件高峰出现在${peak}时至${peak + 1}时（${count(observed[peak])}件）`;
  if (!usual) return `${base}；此前同星期无数据，未作常日比较。`;
  const u = usual[peak];
  const vs =
    u > 0
      ? `，较同星期常日同时段${observed[peak] >= u ? '高出' : '减少'}${percent(Math.abs(observed[peak] - u) / u)}`
      : '';
  const total = observed.reduce((a, b) => a + b, 0);
  const usualTotal = usual.reduce((a, b) => a + b, 0);
  const whole = usualTotal > 0 ? `；全天为常日的${percent(total / usualTotal, 0)}` : '';
  return `${base}${vs}${whole}。`;
}
