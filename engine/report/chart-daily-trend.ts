// The 30-day trend: reports per day as columns and distinct callers as a line, with the known events (a policy
// announcement, a storm) marked on their day, so a reader sees whether a rise lines up with something that happened.
import { curveMonotoneX, line, max, scaleBand, scaleLinear } from 'd3';
import type { DayCount, KnownEvent } from '../../schemas/morning-report.ts';
import { chartSvg, type Margins, px, valueGrid } from './chart-frame.ts';
import { escapeHtml } from './escape-html.ts';
import { monthDay } from './report-format.ts';

const WIDTH = 700;
const HEIGHT = 205;
const M: Margins = { top: 44, right: 10, bottom: 42, left: 46 };
/** Longest event title drawn in the chart; the caption under it has the whole title. */
const TITLE_CHARS = 12;

/** The events that fall on a day of the trend, in date order: the ones the chart marks and numbers. */
export function trendEvents(daily: readonly DayCount[], events: readonly KnownEvent[]): KnownEvent[] {
  const days = new Set(daily.map((d) => d.day));
  return events.filter((e) => days.has(e.date)).sort((a, b) => a.date.localeCompare(b.date));
}

/** ①, ②… for the i-th (0-based) marked event; (21) and on past the circled numbers Unicode has. */
export function eventMark(i: number): string {
  return i < 20 ? String.fromCodePoint(0x2460 + i) : `(${i + 1})`;
}

/** An event title short enough to sit beside its marker. */
function shortTitle(title: string): string {
  return title.length > TITLE_CHARS ? `${title.slice(0, TITLE_CHARS - 1)}…` : title;
}

/** Saturday or Sunday: their columns are paler, since the hotline is quieter then. */
function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** The trend chart of `daily` (oldest first, ending on `day`) with `events` marked. */
export function dailyTrendChart(daily: readonly DayCount[], events: readonly KnownEvent[], day: string): string {
  const x = scaleBand<string>()
    .domain(daily.map((d) => d.day))
    .range([M.left, WIDTH - M.right])
    .paddingInner(0.3)
    .paddingOuter(0.15);
  const y = scaleLinear()
    .domain([0, max(daily, (d) => Math.max(d.reports, d.callers)) || 1])
    .nice()
    .range([HEIGHT - M.bottom, M.top]);
  const centre = (d: string) => (x(d) ?? 0) + x.bandwidth() / 2;
  const last = daily.length - 1;

  const columns = daily
    .map((d) => {
      const kind = d.day === day ? ' is-day' : isWeekend(d.day) ? ' weekend' : '';
      return (
        `<rect class="day-bar${kind}" x="${px(x(d.day) ?? 0)}" y="${px(y(d.reports))}" ` +
        `width="${px(x.bandwidth())}" height="${px(y(0) - y(d.reports))}"/>`
      );
    })
    .join('');
  const callers = line<DayCount>()
    .x((d) => centre(d.day))
    .y((d) => y(d.callers))
    .curve(curveMonotoneX)
    .digits(1)(daily);
  // Same weekday as the report's day, every 7 days back: the days the overview compares with.
  const dates = daily
    .filter((_, i) => (last - i) % 7 === 0)
    .map(
      (d) =>
        `<text class="tick" x="${px(centre(d.day))}" y="${HEIGHT - M.bottom + 14}" text-anchor="middle">${monthDay(d.day)}</text>`,
    )
    .join('');
  const marked = trendEvents(daily, events);
  const markers = marked
    .map((e, i) => {
      const at = px(centre(e.date));
      const labelY = i % 2 === 0 ? 14 : 28;
      const leftSide = at > WIDTH - 170;
      const text = `${eventMark(i)} ${escapeHtml(shortTitle(e.title))}`;
      return (
        `<g class="event-marker"><line class="event-line" x1="${at}" x2="${at}" y1="${labelY + 4}" ` +
        `y2="${HEIGHT - M.bottom}"/><text class="event-label" x="${leftSide ? at - 3 : at + 3}" y="${labelY}" ` +
        `text-anchor="${leftSide ? 'end' : 'start'}">${text}</text></g>`
      );
    })
    .join('');
  const legendY = HEIGHT - 8;
  const legend =
    `<g class="legend"><rect class="day-bar" x="${M.left}" y="${legendY - 8}" width="10" height="9"/>` +
    `<text x="${M.left + 14}" y="${legendY}">来件（件）</text>` +
    `<line class="callers-line" x1="${M.left + 90}" x2="${M.left + 112}" y1="${legendY - 4}" y2="${legendY - 4}"/>` +
    `<text x="${M.left + 116}" y="${legendY}">反映人数（人）</text>` +
    `<rect class="day-bar is-day" x="${M.left + 220}" y="${legendY - 8}" width="10" height="9"/>` +
    `<text x="${M.left + 234}" y="${legendY}">本日</text>` +
    `<rect class="day-bar weekend" x="${M.left + 278}" y="${legendY - 8}" width="10" height="9"/>` +
    `<text x="${M.left + 292}" y="${legendY}">周末</text>` +
    `<line class="event-line" x1="${M.left + 344}" x2="${M.left + 344}" y1="${legendY - 10}" y2="${legendY + 1}"/>` +
    `<text x="${M.left + 350}" y="${legendY}">已知事件</text></g>`;
  const label = `近${daily.length}日来件与反映人数趋势${marked.length > 0 ? '（标注已知事件）' : ''}`;
  return chartSvg(
    'daily-trend',
    label,
    WIDTH,
    HEIGHT,
    valueGrid(y, M.left, WIDTH - M.right, 5) +
      columns +
      `<path class="callers-line" d="${callers ?? ''}"/>` +
      dates +
      markers +
      legend,
  );
}
