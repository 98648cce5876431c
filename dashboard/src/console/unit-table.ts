// The unit view: each responsible unit's open, overdue and resolved alerts and its response times; choosing a unit
// opens the alert list filtered to it (a `show-unit` event).
import { css, html, LitElement } from 'lit';
import { minutesOrDash, t } from './console-format.ts';
import { consoleStyles } from './console-styles.ts';
import type { UnitRow } from './units-controller.ts';

export class UnitTable extends LitElement {
  static override properties = {
    rows: { attribute: false },
    error: { attribute: false },
    language: { attribute: false },
  };

  declare rows: readonly UnitRow[];
  declare error: string | null;
  declare language: string;

  constructor() {
    super();
    Object.assign(this, { rows: [], error: null, language: 'zh' });
  }

  static override styles = [
    consoleStyles,
    css`
      tr.row { cursor: pointer; }
      tr.row:hover { background: var(--hover); }
      .overdue { color: var(--warn); font-weight: 600; }
    `,
  ];

  override render() {
    return html`<h2>${t('units.title')}</h2>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <table>
        <thead>
          <tr>
            <th>${t('units.unit')}</th>
            <th>${t('units.topics')}</th>
            <th class="num">${t('units.open')}</th>
            <th class="num">${t('units.overdue')}</th>
            <th class="num">${t('units.resolved')}</th>
            <th class="num">${t('units.dispatched')}</th>
            <th class="num">${t('units.signedInTime')}</th>
            <th class="num">${t('units.resolvedInTime')}</th>
            <th class="num">${t('units.signMedian')}</th>
            <th class="num">${t('units.resolveMedian')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.rows.map(
            (u) => html`<tr
              class="row"
              data-testid="unit-row"
              data-unit=${u.unit}
              title=${t('units.alerts')}
              @click=${() =>
                this.dispatchEvent(new CustomEvent('show-unit', { detail: u.unit, bubbles: true, composed: true }))}
            >
              <td>${u.unit}</td>
              <td class="muted">${u.topics.join('、')}</td>
              <td class="num" data-figure="open">${u.openNow}</td>
              <td class="num ${u.overdueLive > 0 ? 'overdue' : ''}" data-figure="overdue">${u.overdueLive}</td>
              <td class="num" data-figure="resolved">${u.resolved}</td>
              <td class="num">${u.dispatched}</td>
              <td class="num">${u.acknowledgedInTime}</td>
              <td class="num">${u.resolvedInTime}</td>
              <td class="num">${minutesOrDash(u.acknowledgeMedianMinutes)}</td>
              <td class="num">${minutesOrDash(u.resolveMedianMinutes)}</td>
            </tr>`,
          )}
        </tbody>
      </table>`;
  }
}

customElements.define('lz-unit-table', UnitTable);
