// One alert as an officer reads it before acting: the figures and the band chart, the report texts with the same
// incident grouped and its place marked, the suggested unit, the timeline, and the moves with the dispatch form.
// It renders and reports the officer's choice as a `move` event; the detail controller posts it.
import { css, html, LitElement } from 'lit';
import {
  DEADLINE_CLASSES,
  type DeadlineClass,
  type LiveAlert,
  type WorkflowAction,
} from '../../../schemas/alert-workflow.ts';
import type { Labels } from '../shared/labels.ts';
import type { MoveRequest } from './alert-detail-controller.ts';
import { acknowledgeKey, MOVES, moveExpected } from './alert-moves.ts';
import { statusBadge } from './alert-list-view.ts';
import './band-chart.ts';
import type { AlertDetailView, TimelineEntryView } from './console-api.ts';
import { clockTime, duration, t } from './console-format.ts';
import type { ConsoleStringKey } from './console-strings.ts';
import { consoleStyles } from './console-styles.ts';
import { highlightPlace } from './place-highlight.ts';

const DEADLINES = Object.keys(DEADLINE_CLASSES) as DeadlineClass[];
const MOVE_KEY: Record<Exclude<WorkflowAction, 'acknowledge'>, ConsoleStringKey> = {
  dispatch: 'action.dispatch',
  resolve: 'action.resolve',
  reopen: 'action.reopen',
};

function timelineKey(e: TimelineEntryView): ConsoleStringKey {
  if (e.type === 'alert.acknowledged' && e.status === 'dispatched') return 'timeline.alert.signed';
  if (e.type === 'alert.resolved' && e.actor !== null) return 'timeline.alert.closed';
  const key = `timeline.${e.type}`;
  return (key in TIMELINE_KEYS ? key : 'timeline.alert.updated') as ConsoleStringKey;
}
const TIMELINE_KEYS = Object.fromEntries(
  ['opened', 'updated', 'resolved', 'acknowledged', 'dispatched', 'reopened'].map((k) => [`timeline.alert.${k}`, 1]),
);

export class AlertDetailPage extends LitElement {
  static override properties = {
    detail: { attribute: false },
    alert: { attribute: false },
    labels: { attribute: false },
    units: { attribute: false },
    now: { attribute: false },
    canAct: { attribute: false },
    busy: { attribute: false },
    actionError: { attribute: false },
    actionErrorCode: { attribute: false },
    loadError: { attribute: false },
    moved: { attribute: false },
    language: { attribute: false },
    form: { state: true },
  };

  declare detail: AlertDetailView | null;
  /** The alert as the board has it now (newer than the detail between a change and the detail's refetch). */
  declare alert: LiveAlert | null;
  declare labels: Labels | null;
  declare units: readonly string[];
  declare now: number;
  declare canAct: boolean;
  declare busy: boolean;
  declare actionError: string | null;
  declare actionErrorCode: string | null;
  declare loadError: string | null;
  /** How many moves the gateway took since the page opened: a new one closes the form. */
  declare moved: number;
  declare language: string;
  /** The move whose form is open (a note, and for a dispatch the unit and deadline), if any. */
  declare form: WorkflowAction | null;

  constructor() {
    super();
    Object.assign(this, { detail: null, alert: null, labels: null, units: [], now: 0, canAct: false });
    Object.assign(this, { busy: false, actionError: null, loadError: null, moved: 0 });
    Object.assign(this, { language: 'zh', form: null });
  }

  static override styles = [
    consoleStyles,
    css`
      .head { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; }
      .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 8px 0; }
      .figure { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
      .figure b { display: block; font-size: 20px; }
      .columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 20px; }
      .moves { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; }
      form { display: grid; gap: 8px; max-width: 520px; background: var(--panel); border: 1px solid var(--line);
        border-radius: 6px; padding: 10px; }
      form label { display: grid; gap: 2px; font-size: 12px; color: var(--muted); }
      .samples li { margin-bottom: 6px; }
      .count { color: var(--muted); font-size: 12px; margin-left: 6px; }
      .quiet { background: #eef6ee; border: 1px solid #b8d8b8; padding: 6px 10px; border-radius: 4px; }
      ol.timeline { padding-left: 18px; }
    `,
  ];

  private emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private submit(e: SubmitEvent, action: WorkflowAction): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const note = String(data.get('note') ?? '').trim();
    const request: MoveRequest = {
      action,
      ...(note ? { note } : {}),
      ...(action === 'dispatch'
        ? { unit: String(data.get('unit') ?? ''), deadline: String(data.get('deadline')) as DeadlineClass }
        : {}),
    };
    this.emit('move', request);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    // A move the gateway took closes its form; a refused one keeps it open beside the refusal.
    if (changed.has('moved') && changed.get('moved') !== undefined) this.form = null;
  }

  /** A refused move Chinese first (the alert's status now), with the gateway's own words beside it. */
  private refusal(): string {
    if (this.actionErrorCode !== 'LZ_TRANSITION_REFUSED' || !this.detail) return this.actionError ?? '';
    const status = t(`status.${this.detail.alert.status}` as ConsoleStringKey);
    return `${t('action.refused', { status })}（${this.actionError}）`;
  }

  override render() {
    if (this.loadError) return html`<p class="error" role="alert">${this.loadError}</p>`;
    const d = this.detail;
    const a = this.alert ?? d?.alert ?? null;
    if (!d || !a) return html`<p class="muted">${t('detail.loading')}</p>`;
    const labels = this.labels;
    return html`<section data-testid="alert-detail" data-alert-id=${a.id}>
      <div class="head">
        <button @click=${() => this.emit('back', null)}>← ${t('detail.back')}</button>
        <h2>${labels?.district(a.district) ?? d.districtLabel} · ${labels?.topic(a.topic) ?? d.topicLabel}</h2>
        <span data-testid="alert-status" data-status=${a.status}>${statusBadge(a.status)}</span>
        <span class="muted">${t(`kind.${a.kind}`)} (${a.kind}) · ${a.id}</span>
      </div>
      <p>${a.summary}</p>
      ${
        a.topics?.length
          ? html`<p data-testid="alert-topics">${t('detail.topicsAbove')}${a.topics.map((c) => labels?.topic(c) ?? c).join('、')}</p>`
          : ''
      }
      ${a.workflow.quiet && a.status !== 'resolved' ? html`<p class="quiet">${t('detail.quiet')}</p>` : ''}
      <div class="figures">
        <div class="figure">${t('detail.callers')}<b>${a.distinctCallers}</b></div>
        <div class="figure">${t('detail.reports')}<b>${a.count}</b></div>
        <div class="figure">${t('detail.expected')}<b>${a.expected.toFixed(1)}</b></div>
        <div class="figure">${t('detail.ratio')}<b>${a.ratio.toFixed(1)}×</b></div>
        <div class="figure">${t('detail.window')}<b>${a.windowMinutes} ${t('detail.minutes')}</b></div>
        ${a.place ? html`<div class="figure">${t('detail.place')}<b><mark>${a.place}</mark></b></div>` : ''}
        <div class="figure">${t('detail.suggested')}<b>${d.suggestedUnit ?? '—'}</b></div>
        ${
          a.workflow.unit
            ? html`<div class="figure">
                ${t('detail.unit')}<b>${a.workflow.unit}</b>
                <span class="muted">${t('detail.dueAt')} ${clockTime(a.workflow.dueAt, true)}</span>
              </div>`
            : ''
        }
      </div>
      ${this.moves(a, d)}
      <div class="columns">
        <div>
          <h3>${t('detail.chart')}</h3>
          <lz-band-chart
            .points=${d.series.points}
            .openedAt=${Date.parse(a.openedAt)}
            .legend=${{
              observed: t('detail.chart.observed'),
              band: t('detail.chart.band'),
              opened: t('detail.chart.opened'),
            }}
          ></lz-band-chart>
          <h3>${t('detail.samples')}</h3>
          ${d.samples.groups.length === 0 ? html`<p class="muted">${t('detail.samples.none')}</p>` : ''}
          <ul class="samples">
            ${d.samples.groups.map(
              (g) => html`<li data-testid="sample-group">
                ${highlightPlace(g.text, a.place).map((run) => (run.place ? html`<mark>${run.text}</mark>` : run.text))}
                <span class="count">×${g.count} ${t('detail.samples.count')} · ${clockTime(g.latestAt)}</span>
              </li>`,
            )}
          </ul>
        </div>
        <div>
          <h3>${t('detail.timeline')}</h3>
          <ol class="timeline">
            ${d.timeline.map(
              (e) => html`<li data-testid="timeline-entry" data-type=${e.type}>
                <b>${clockTime(e.at, true)}</b> ${t(timelineKey(e))}
                ${e.type === 'alert.updated' ? '' : statusBadge(e.status)}
                ${e.actor ? html`<span class="muted">${t('timeline.by')} ${e.actor}</span>` : ''}
                ${e.unit && e.type === 'alert.dispatched' ? html`→ ${e.unit}` : ''}
                <span class="muted">${e.distinctCallers}/${e.expected.toFixed(1)}</span>
                ${e.note ? html`<div>${e.note}</div>` : ''}
              </li>`,
            )}
          </ol>
          <p class="muted">${t('detail.age')} ${duration(this.now - Date.parse(a.openedAt))}</p>
        </div>
      </div>
    </section>`;
  }

  private moves(a: LiveAlert, d: AlertDetailView) {
    if (!this.canAct) return '';
    const label = (m: WorkflowAction) => t(m === 'acknowledge' ? acknowledgeKey(a) : MOVE_KEY[m]);
    return html`<div class="moves">
        ${MOVES.map(
          (m) => html`<button
            data-action=${m}
            class=${moveExpected(a, m) ? 'primary' : ''}
            ?disabled=${this.busy}
            @click=${() => {
              this.form = m;
              this.emit('move-form', m);
            }}
          >
            ${label(m)}
          </button>`,
        )}
      </div>
      ${this.actionError ? html`<p class="error" role="alert" data-testid="action-error">${this.refusal()}</p>` : ''}
      ${
        this.form
          ? html`<form @submit=${(e: SubmitEvent) => this.submit(e, this.form as WorkflowAction)}>
              <b>${label(this.form)}</b>
              ${
                this.form === 'dispatch'
                  ? html`<label
                        >${t('action.unit')}
                        <select name="unit">
                          ${this.units.map(
                            (u) =>
                              html`<option value=${u} ?selected=${u === (a.workflow.unit ?? d.suggestedUnit)}>
                                ${u}
                              </option>`,
                          )}
                        </select></label
                      >
                      <label
                        >${t('action.deadline')}
                        <select name="deadline">
                          ${DEADLINES.map(
                            (c) =>
                              html`<option value=${c} ?selected=${c === (a.workflow.deadline ?? '24h')}>
                                ${t(`deadline.${c}`)} (${c})
                              </option>`,
                          )}
                        </select></label
                      >`
                  : ''
              }
              <label>${t('action.note')} <textarea name="note" rows="2"></textarea></label>
              <div class="moves">
                <button type="submit" class="primary" data-testid="action-submit" ?disabled=${this.busy}>
                  ${this.busy ? t('action.working') : t('action.submit')}
                </button>
                <button type="button" @click=${() => (this.form = null)}>${t('action.cancel')}</button>
              </div>
            </form>`
          : ''
      }`;
  }
}

customElements.define('lz-alert-detail', AlertDetailPage);
