// The console's sign-in when the tab holds no token: one field for an officer's token, the gateway's refusal shown.
import { html, LitElement } from 'lit';
import { t } from './console-format.ts';
import { consoleStyles } from './console-styles.ts';

export class SignInForm extends LitElement {
  static override properties = { error: { attribute: false }, language: { attribute: false } };
  declare error: string | null;
  declare language: string;

  constructor() {
    super();
    Object.assign(this, { error: null, language: 'zh' });
  }

  static override styles = consoleStyles;

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const token = String(new FormData(e.target as HTMLFormElement).get('token') ?? '').trim();
    if (token) this.dispatchEvent(new CustomEvent('sign-in', { detail: token, bubbles: true, composed: true }));
  }

  override render() {
    return html`<form @submit=${this.submit}>
      <h2>${t('signin.title')}</h2>
      <p class="muted">${t('signin.hint')}</p>
      <input data-testid="token-input" name="token" type="password" autocomplete="off" size="40" required />
      <button class="primary" type="submit">${t('signin.submit')}</button>
      ${this.error ? html`<p class="error" role="alert">${t('signin.rejected')}: ${this.error}</p>` : ''}
    </form>`;
  }
}

customElements.define('lz-sign-in', SignInForm);
