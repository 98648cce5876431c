// 需重点关注的问题: which of the day's alerts most need action, ranked by a stated score, each with a short case
// summary an official can read without opening the console.
import { groupNearDuplicates } from '../alerts/near-duplicates.ts';
import { incidentUrgency, scoreUrgency } from '../enrich/urgency.ts';
import { URGENCY_SIGNALS } from '../enrich/urgency-table.ts';
import type { AlertKind } from '../../schemas/alert-event.ts';
import type { TopIssue } from '../../schemas/morning-report.ts';
import { listed } from './analyst-sentences.ts';
import { formatInt as count } from './report-format.ts';

/** An alert that may become a top issue, with the texts of its reports (any order). */
export interface IssueCandidate {
  readonly alertId: string;
  readonly kind: AlertKind;
  /** The place, or 区 · 类. */
  readonly title: string;
  readonly people: number;
  readonly reports: number;
  readonly expected: number;
  /** The alert's opening as printed (ISO with the city offset). */
  readonly since: string;
  /** Not resolved by an officer: still open, or gone quiet without anyone handling it. */
  readonly unresolved: boolean;
  /** 办理中, 已办结, 已平息（未处置）…: where the workflow stands, as the summary says it. */
  readonly state: string;
  readonly unit: string | null;
  /** true: nobody dispatched it yet, `unit` is the profile's suggestion. */
  readonly unitSuggested: boolean;
  /** Surges only: the incident alerts inside the cell (an incident among the candidates stands for its surge). */
  readonly incidentIds?: readonly string[];
  readonly texts: readonly string[];
}

/** How the score weighs its parts; printed in the definitions so the ranking can be checked by hand. */
export const TOP_ISSUE_SCORE =
  '重点问题排序分 = 2 × 紧急程度（至少四分之一来件共同提及的被困、老人儿童、人身危险等字眼的分值）' +
  ' + log₂(1 + 反映人数) + log₂(实际/预期，不小于1) + 3（未办结时）；同分时人数多者在前。';

const SIGNAL_NAMES = new Map(URGENCY_SIGNALS.map((s) => [s.signal, s.name]));

/** Chinese for an urgency signal (many_people:200 → 200余人; the others from the signal table). */
export function signalName(signal: string): string {
  const many = /^many_people:(\d+)$/.exec(signal);
  if (many) return `${many[1]}余人`;
  return SIGNAL_NAMES.get(signal) ?? signal;
}

const QUOTE_CHARS = 80;
const cut = (text: string) => {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > QUOTE_CHARS ? `${oneLine.slice(0, QUOTE_CHARS - 1)}…` : oneLine;
};

/** Rank the candidates (highest score first) and keep the first `top`. */
export function rankTopIssues(candidates: readonly IssueCandidate[], top: number): TopIssue[] {
  const ids = new Set(candidates.map((c) => c.alertId));
  return candidates
    .filter((c) => !c.incidentIds?.some((id) => ids.has(id)))
    .map((c) => {
      const urgency = incidentUrgency(
        c.texts.map((t) => scoreUrgency(t)),
        0,
      );
      const growth = c.expected > 0 ? c.reports / c.expected : c.reports;
      const score =
        2 * urgency.score + Math.log2(1 + c.people) + Math.log2(Math.max(1, growth)) + (c.unresolved ? 3 : 0);
      return { c, urgency, growth, score };
    })
    .sort((a, b) => b.score - a.score || b.c.people - a.c.people || a.c.alertId.localeCompare(b.c.alertId))
    .slice(0, top)
    .map(({ c, urgency, growth, score }, i) => {
      const groups = groupNearDuplicates(c.texts.map((text) => ({ text })));
      const signals = urgency.signals.map(signalName);
      return {
        rank: i + 1,
        alertId: c.alertId,
        title: c.title,
        kind: c.kind,
        people: c.people,
        reports: c.reports,
        since: c.since,
        growth: Math.round(growth * 10) / 10,
        urgency: urgency.score,
        urgentSignals: signals,
        unresolved: c.unresolved,
        score: Math.round(score * 100) / 100,
        caseSummary: caseSummary(c, groups[0]?.first.text ?? null, signals),
        quotes: groups.slice(0, 3).map((g) => cut(g.first.text)),
        unit: c.unit,
        unitSuggested: c.unitSuggested,
      };
    });
}

/** 锦江区·噪音扰民：自12月3日21时起，38人反映“…”等问题，共41件，来件提及老人和儿童；办理中，建议由…牵头处理。 */
function caseSummary(c: IssueCandidate, gist: string | null, signals: readonly string[]): string {
  const since = /^\d{4}-(\d{2})-(\d{2})T(\d{2})/.exec(c.since);
  const when = since ? `自${Number(since[1])}月${Number(since[2])}日${Number(since[3])}时起` : '';
  const said = gist ? `反映“${cut(gist).slice(0, 40)}${cut(gist).length > 40 ? '…' : ''}”等问题` : '反映相关问题';
  const urgent = signals.length > 0 ? `，来件提及${listed(signals)}` : '';
  const unit = c.unit ? (c.unitSuggested ? `，建议由${c.unit}牵头处理` : `，已派${c.unit}办理`) : '';
  return `${c.title}：${when}，${count(c.people)}人${said}，共${count(c.reports)}件${urgent}；${c.state}${unit}。`;
}
