// The console's alert filters, one definition for both sides of "live": the query GET /api/alerts is asked with,
// and the test a socket change must pass to join, stay in or leave the list already shown.
import type { AlertKind, AlertStatus } from '../../../schemas/alert-event.ts';
import type { LiveAlert } from '../../../schemas/alert-workflow.ts';

export interface AlertFilter {
  readonly status: readonly AlertStatus[];
  readonly kind: AlertKind | null;
  /** District and topic codes (the list route also takes Chinese names; the console always sends codes). */
  readonly district: string | null;
  readonly topic: string | null;
  readonly unit: string | null;
  /** true: dispatched, unresolved and past due (feed time); false: every other; null: either. */
  readonly overdue: boolean | null;
}

/** What an officer on duty looks at first: everything not yet resolved. */
export const OPEN_WORK: AlertFilter = {
  status: ['open', 'acknowledged', 'dispatched'],
  kind: null,
  district: null,
  topic: null,
  unit: null,
  overdue: null,
};

/** Dispatched, not resolved, and due before `now` (epoch ms of the feed clock): the gateway's definition. */
export function isOverdue(alert: LiveAlert, now: number): boolean {
  const due = alert.workflow.dueAt;
  return alert.status === 'dispatched' && due !== null && Date.parse(due) < now;
}

/** The search parameters of GET /api/alerts for a filter (the route takes `status` as a comma list). */
export function filterQuery(filter: AlertFilter, limit: number): URLSearchParams {
  const q = new URLSearchParams();
  if (filter.status.length > 0) q.set('status', filter.status.join(','));
  for (const field of ['kind', 'district', 'topic', 'unit'] as const) {
    const value = filter[field];
    if (value !== null) q.set(field, value);
  }
  if (filter.overdue !== null) q.set('overdue', String(filter.overdue));
  q.set('limit', String(limit));
  return q;
}

/** Whether an alert belongs in the list the filter asked for, at feed time `now`. */
export function matchesFilter(alert: LiveAlert, filter: AlertFilter, now: number): boolean {
  if (filter.status.length > 0 && !filter.status.includes(alert.status)) return false;
  if (filter.kind !== null && alert.kind !== filter.kind) return false;
  if (filter.district !== null && alert.district !== filter.district) return false;
  if (filter.topic !== null && alert.topic !== filter.topic) return false;
  if (filter.unit !== null && alert.workflow.unit !== filter.unit) return false;
  if (filter.overdue !== null && isOverdue(alert, now) !== filter.overdue) return false;
  return true;
}

/** Newest opening first, as the route pages them; the id breaks ties the same way every time. */
export function newestFirst(a: LiveAlert, b: LiveAlert): number {
  return Date.parse(b.openedAt) - Date.parse(a.openedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
