// The duty console's page (<lz-console>): sign-in, the header with the feed time, the connection and the language
// toggle, and the view the address names (list, alert, units). It wires controllers to components and nothing else.
import { css, html, LitElement } from 'lit';
import type { AlertFilter } from './alert-filters.ts';
import type { MoveRequest } from './alert-detail-controller.ts';
import './alert-detail-view.ts';
import './alert-list-view.ts';
import { AuthController } from '../shared/auth-controller.ts';
import { LangController } from '../shared/i18n.ts';
import { cityClock, t } from './console-format.ts';
import { ConsoleRouteController } from './console-route-controller.ts';
import { ConsoleSession } from './console-session.ts';
import { consoleStyles } from './console-styles.ts';
import './sign-in-form.ts';
import './unit-table.ts';

export class ConsoleApp extends LitElement {
  private readonly auth = new AuthController(this);
  private readonly language = new LangController(this);
  private readonly router = new ConsoleRouteController(this);
  private session: ConsoleSession | null = null;

  static override styles = [
    consoleStyles,
    css`
      :host { display: block; min-height: 100vh; background: #f4f6f9; }
      header { display: flex; align-items: center; gap: 16px; padding: 10px 20px; background: #fff;
        border-bottom: 1px solid var(--line); flex-wrap: wrap; }
      header h1 { font-size: 18px; margin: 0; }
      nav a { margin-right: 12px; color: var(--accent); text-decoration: none; padding: 2px 4px; }
      nav a.here { border-bottom: 2px solid var(--accent); }
      .spacer { flex: 1; }
      .conn { padding: 1px 8px; border-radius: 10px; font-size: 12px; border: 1px solid; }
      .conn[data-state='live'] { color: #1d5e2b; border-color: #7cb78a; }
      .conn[data-state='connecting'] { color: var(--muted); border-style: dashed; }
      .conn[data-state='lost'] { color: #8a1c1c; border-color: #e7b4b4; background: #fdecec; font-weight: 600; }
      main { padding: 16px 20px; }
      .readonly { background: #fff7e0; border: 1px solid #e9d38a; padding: 6px 12px; border-radius: 4px; }
    `,
  ];

  override willUpdate(): void {
    if (this.auth.signedIn && this.auth.token && !this.session)
      this.session = new ConsoleSession(this, this.auth.token);
    const route = this.router.route;
    this.session?.detail.show(route.view === 'alert' ? route.id : null);
  }

  private signOut(): void {
    this.auth.signOut();
    location.reload();
  }

  override render() {
    const lang = this.language.lang;
    return html`<header>
        <h1>理政 · ${t('console.title')}</h1>
        ${this.session ? this.nav() : ''}
        <span class="spacer"></span>
        ${this.session ? this.status() : ''}
        <button data-testid="lang-toggle" @click=${() => this.language.toggle()}>${t('lang.toggle')}</button>
        ${this.session ? html`<button @click=${() => this.signOut()}>${t('signin.out')}</button>` : ''}
      </header>
      <main>
        ${
          this.session
            ? this.view(this.session, lang)
            : this.auth.token && !this.auth.error
              ? html`<p class="muted">${t('list.loading')}</p>`
              : html`<lz-sign-in
                  .error=${this.auth.error}
                  .language=${lang}
                  @sign-in=${(e: CustomEvent<string>) => this.auth.signIn(e.detail)}
                ></lz-sign-in>`
        }
      </main>`;
  }

  private nav() {
    const view = this.router.route.view;
    return html`<nav>
      <a href="#/alerts" class=${view !== 'units' ? 'here' : ''}>${t('nav.alerts')}</a>
      <a href="#/units" class=${view === 'units' ? 'here' : ''}>${t('nav.units')}</a>
    </nav>`;
  }

  private status() {
    const s = this.session as ConsoleSession;
    const state = s.live.connection;
    const snapshot = s.live.snapshot;
    return html`<span class="muted"
        >${t('feed.time')} <b data-testid="feed-time">${snapshot ? cityClock(s.now, snapshot.at) : '—'}</b></span
      >
      <span class="conn" data-testid="connection" data-state=${state}>${t(`connection.${state}`)}</span>
      <span class="muted">${this.auth.name} (${this.auth.role})</span>`;
  }

  private view(s: ConsoleSession, lang: string) {
    const canAct = this.auth.role === 'officer' || this.auth.role === 'admin';
    const now = s.now;
    const readOnly = canAct ? '' : html`<p class="readonly" data-testid="read-only">${t('readonly.banner')}</p>`;
    const route = this.router.route;
    if (route.view === 'units')
      return html`${readOnly}<lz-unit-table
          .rows=${s.units.rows(now)}
          .error=${s.units.error}
          .language=${lang}
          @show-unit=${(e: CustomEvent<string>) => {
            s.list.setFilter({ unit: e.detail, status: [] });
            this.router.go({ view: 'list' });
          }}
        ></lz-unit-table>`;
    if (route.view === 'alert')
      return html`${readOnly}<lz-alert-detail
          .detail=${s.detail.detail}
          .alert=${s.detail.alert}
          .labels=${s.labels}
          .units=${s.units.names}
          .now=${now}
          .canAct=${canAct}
          .busy=${s.detail.busy}
          .actionError=${s.detail.actionError}
          .actionErrorCode=${s.detail.actionErrorCode}
          .loadError=${s.detail.loadError}
          .moved=${s.detail.moved}
          .language=${lang}
          @back=${() => this.router.go({ view: 'list' })}
          @move-form=${() => s.detail.clearError()}
          @move=${(e: CustomEvent<MoveRequest>) => s.detail.move(e.detail)}
        ></lz-alert-detail>`;
    return html`${readOnly}<lz-alert-list
        .rows=${s.list.rows(now)}
        .filter=${s.list.filter}
        .labels=${s.labels}
        .units=${s.units.names}
        .now=${now}
        .loading=${s.list.loading}
        .error=${s.list.error ?? s.labelsError}
        .hasMore=${s.list.hasMore}
        .language=${lang}
        @filter-change=${(e: CustomEvent<Partial<AlertFilter>>) => s.list.setFilter(e.detail)}
        @open-alert=${(e: CustomEvent<string>) => this.router.go({ view: 'alert', id: e.detail })}
        @more=${() => s.list.more()}
      ></lz-alert-list>`;
  }
}

customElements.define('lz-console', ConsoleApp);
