// The views' words in Chinese first, English on the toggle: each view keeps its own table (wall-strings.ts,
// console-strings.ts); the choice is kept in localStorage and every view re-renders when it changes.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type Lang = 'zh' | 'en';
export type StringTable = Readonly<Record<string, { readonly zh: string; readonly en: string }>>;

const KEY = 'lizheng.lang';
const CHANGED = 'lizheng-lang';

export function currentLang(): Lang {
  return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';
}

export function setLang(lang: Lang): void {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  window.dispatchEvent(new Event(CHANGED));
}

/**
 * `t(key)` for a view's table in the current language; `{name}` placeholders filled from `values`. The table's
 * keys are the only keys accepted, so a missing string is a type error, not a blank on the wall.
 */
export function translator<T extends StringTable>(table: T) {
  return (key: keyof T & string, values: Record<string, string | number> = {}): string =>
    table[key][currentLang()].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
}

/** Re-renders its host when the language changes (here or in another view of the page). */
export class LangController implements ReactiveController {
  private readonly changed = () => this.host.requestUpdate();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get lang(): Lang {
    return currentLang();
  }

  toggle(): void {
    setLang(this.lang === 'zh' ? 'en' : 'zh');
  }

  hostConnected(): void {
    window.addEventListener(CHANGED, this.changed);
  }

  hostDisconnected(): void {
    window.removeEventListener(CHANGED, this.changed);
  }
}
