// Where the officer is in the console, kept in the address's hash (#/alerts, #/alerts/<id>, #/units) so the back
// button and a shared link work and a reload lands on the same alert.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type ConsoleRoute =
  | { readonly view: 'list' }
  | { readonly view: 'alert'; readonly id: string }
  | { readonly view: 'units' };

/** The route a hash names; anything unknown is the list. */
export function parseRoute(hash: string): ConsoleRoute {
  const [, first, ...rest] = hash.replace(/^#/, '').split('/');
  if (first === 'units') return { view: 'units' };
  if (first === 'alerts' && rest.length > 0 && rest[0] !== '')
    return { view: 'alert', id: decodeURIComponent(rest.join('/')) };
  return { view: 'list' };
}

export function routeHash(route: ConsoleRoute): string {
  if (route.view === 'alert') return `#/alerts/${encodeURIComponent(route.id)}`;
  return route.view === 'units' ? '#/units' : '#/alerts';
}

export class ConsoleRouteController implements ReactiveController {
  route: ConsoleRoute = parseRoute(location.hash);
  private readonly changed = () => {
    this.route = parseRoute(location.hash);
    this.host.requestUpdate();
  };

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  go(route: ConsoleRoute): void {
    location.hash = routeHash(route);
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this.changed);
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.changed);
  }
}
