// The alert list and its filters: renders the rows it is given and says what the officer chose (filter changes,
// an alert opened, an older page asked for) as events; the list controller does the fetching and merging.
import { css, html, LitElement } from 'lit';
import type { AlertKind, AlertStatus } from '../../../schemas/alert-event.ts';
import type { LiveAlert } from '../../../schemas/alert-workflow.ts';
import type { Labels } from '../shared/labels.ts';
import { type AlertFilter, isOverdue, OPEN_WORK } from './alert-filters.ts';
import { clockTime, duration, t } from './console-format.ts';
import { consoleStyles } from './console-styles.ts';

const STATUSES: readonly AlertStatus[] = ['open', 'acknowledged', 'dispatched', 'resolved'];
const KINDS: readonly AlertKind[] = ['surge', 'incident', 'citywide', 'district'];
/** The status choices: the unresolved three together (the default), each alone, or any. */
const STATUS_CHOICES: ReadonlyArray<{ value: string; statuses: readonly AlertStatus[] }> = [
  { value: 'unresolved', statuses: OPEN_WORK.status },
  ...STATUSES.map((s) => ({ value: s, statuses: [s] })),
  { value: 'any', statuses: [] },
];

export const statusBadge = (status: AlertStatus) => html`<span class="badge ${status}">${t(`status.${status}`)}</span>`;

export class AlertListView extends LitElement {
  static override properties = {
    rows: { attribute: false },
    filter: { attribute: false },
    labels: { attribute: false },
    units: { attribute: false },
    now: { attribute: false },
    loading: { attribute: false },
    error: { attribute: false },
    hasMore: { attribute: false },
    language: { attribute: false },
  };

  declare rows: readonly LiveAlert[];
  declare filter: AlertFilter;
  declare labels: Labels | null;
  declare units: readonly string[];
  declare now: number;
  declare loading: boolean;
  declare error: string | null;
  declare hasMore: boolean;
  /** Only to re-render when the language changes. */
  declare language: string;

  constructor() {
    super();
    Object.assign(this, { rows: [], filter: OPEN_WORK, labels: null, units: [], now: 0, loading: false });
    Object.assign(this, { error: null, hasMore: false, language: 'zh' });
  }

  static override styles = [
    consoleStyles,
    css`
      .filters { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 12px; }
      .filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
      tr.row { cursor: pointer; }
      tr.row:hover { background: var(--hover); }
      .overdue { color: var(--warn); font-weight: 600; }
    `,
  ];

  private emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private change(field: keyof AlertFilter, raw: string): void {
    if (field === 'status') {
      const choice = STATUS_CHOICES.find((c) => c.value === raw) ?? STATUS_CHOICES[0];
      this.emit('filter-change', { status: choice.statuses });
    } else if (field === 'overdue') this.emit('filter-change', { overdue: raw === '' ? null : raw === 'true' });
    else this.emit('filter-change', { [field]: raw === '' ? null : raw });
  }

  private select(field: keyof AlertFilter, value: string, options: ReadonlyArray<[string, string]>) {
    return html`<select
      data-filter=${field}
      .value=${value}
      @change=${(e: Event) => this.change(field, (e.target as HTMLSelectElement).value)}
    >
      ${options.map(([v, label]) => html`<option value=${v} ?selected=${v === value}>${label}</option>`)}
    </select>`;
  }

  override render() {
    const f = this.filter;
    const labels = this.labels;
    const any: [string, string] = ['', t('filter.any')];
    const kinds = KINDS.map((k): [string, string] => [k, `${t(`kind.${k}`)} (${k})`]);
    const statusValue =
      STATUS_CHOICES.find((c) => c.statuses.join() === f.status.join())?.value ?? STATUS_CHOICES[0].value;
    const statusOptions = STATUS_CHOICES.map((c): [string, string] => [
      c.value,
      c.value === 'unresolved'
        ? t('filter.unresolved')
        : c.value === 'any'
          ? t('filter.any')
          : t(`status.${c.value as AlertStatus}`),
    ]);
    const districts = labels?.profile.districts.map((d): [string, string] => [d.code, labels.district(d.code)]) ?? [];
    const topics = labels?.profile.topics.map((tp): [string, string] => [tp.code, labels.topic(tp.code)]) ?? [];
    return html`
      <div class="filters">
        <label>${t('filter.status')} ${this.select('status', statusValue, statusOptions)}</label>
        <label
          >${t('filter.kind')}
          ${this.select('kind', f.kind ?? '', [any, ...kinds])}</label
        >
        <label>${t('filter.district')} ${this.select('district', f.district ?? '', [any, ...districts])}</label>
        <label>${t('filter.topic')} ${this.select('topic', f.topic ?? '', [any, ...topics])}</label>
        <label
          >${t('filter.unit')}
          ${this.select('unit', f.unit ?? '', [any, ...this.units.map((u): [string, string] => [u, u])])}</label
        >
        <label
          >${t('filter.overdue')}
          ${this.select('overdue', f.overdue === null ? '' : String(f.overdue), [
            any,
            ['true', t('filter.overdueOnly')],
            ['false', t('filter.notOverdue')],
          ])}</label
        >
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <table>
        <thead>
          <tr>
            <th>${t('list.opened')}</th>
            <th>${t('filter.kind')}</th>
            <th>${t('list.place')}</th>
            <th class="num">${t('list.people')}</th>
            <th class="num">${t('list.expected')}</th>
            <th>${t('list.status')}</th>
            <th>${t('list.unit')}</th>
            <th>${t('list.due')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.rows.map((a) => this.row(a))}
        </tbody>
      </table>
      ${this.rows.length === 0 ? html`<p class="muted">${this.loading ? t('list.loading') : t('list.empty')}</p>` : ''}
      ${this.hasMore ? html`<button @click=${() => this.emit('more', null)}>${t('list.more')}</button>` : ''}
    `;
  }

  private row(a: LiveAlert) {
    const labels = this.labels;
    const overdue = isOverdue(a, this.now);
    const where = labels
      ? `${labels.district(a.district)} · ${labels.topic(a.topic)}`
      : `${a.district ?? '—'} · ${a.topic ?? 'all'}`;
    return html`<tr
      class="row"
      data-testid="alert-row"
      data-alert-id=${a.id}
      data-kind=${a.kind}
      data-status=${a.status}
      @click=${() => this.emit('open-alert', a.id)}
    >
      <td>
        ${clockTime(a.openedAt, true)}
        <span class="muted">(${duration(this.now - Date.parse(a.openedAt))})</span>
      </td>
      <td>${t(`kind.${a.kind}`)}</td>
      <td>${where}${a.place ? html` · <mark>${a.place}</mark>` : ''}</td>
      <td class="num">${a.distinctCallers}</td>
      <td class="num">${a.expected.toFixed(1)}</td>
      <td>${statusBadge(a.status)}</td>
      <td>${a.workflow.unit ?? html`<span class="muted">${labels?.unitOf(a.topic) ?? '—'}</span>`}</td>
      <td class=${overdue ? 'overdue' : ''}>
        ${a.workflow.dueAt ? clockTime(a.workflow.dueAt, true) : '—'} ${overdue ? t('list.overdue') : ''}
      </td>
    </tr>`;
  }
}

customElements.define('lz-alert-list', AlertListView);
