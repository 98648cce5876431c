// The report's Chinese words for the codes the engine stores (alert kinds, workflow statuses, data sources), one map
// each, the same words the wall and the console use, so a reader sees 突增 and 已派单 rather than surge and dispatched.
import type { AlertKind, AlertStatus } from '../../schemas/alert-event.ts';
import type { MorningReport } from '../../schemas/morning-report.ts';

export const ALERT_KIND_ZH: Readonly<Record<AlertKind, string>> = {
  surge: '突增',
  incident: '事件',
  citywide: '全市',
  district: '全区',
};

/** acknowledged is the duty officer's 确认; the responsible unit's 签收 is a separate workflow field (signedAt). */
export const ALERT_STATUS_ZH: Readonly<Record<AlertStatus, string>> = {
  open: '待处理',
  acknowledged: '已确认',
  dispatched: '已派单',
  resolved: '已办结',
};

/** An alert's status as the report prints it: one the engine resolved because its reports went quiet is 已平息. */
export function statusWord(alert: { status: AlertStatus; resolvedBy: string | null }): string {
  return alert.status === 'resolved' && alert.resolvedBy === 'engine' ? '已平息' : zh(ALERT_STATUS_ZH, alert.status);
}

export const SOURCE_ZH: Readonly<Record<MorningReport['source'], string>> = {
  store: '已存储来件',
  feed: '来件数据流',
};

/** The Chinese word for `code` in `words`, or the code itself when the map has none (a newer engine's value). */
export function zh(words: Readonly<Record<string, string>>, code: string): string {
  return Object.hasOwn(words, code) ? words[code] : code;
}
