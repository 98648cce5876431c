// Who is looking: the token from the kiosk URL (?token=, then taken out of the address bar so it is not
// bookmarked or shown across the room, and kept for the tab in sessionStorage) or typed in; the role it carries
// from GET /api/whoami.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiClient, ApiError } from './api-client.ts';

const KEY = 'lizheng.token';
export type Role = 'viewer' | 'officer' | 'admin';

interface WhoAmI {
  readonly name: string;
  readonly role: Role;
}

/** The token in the address bar (removed from it) or the one this tab kept. */
export function takeToken(location: Location = window.location, storage: Storage = sessionStorage): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(KEY);
}

export class AuthController implements ReactiveController {
  token: string | null = takeToken();
  role: Role | null = null;
  name: string | null = null;
  /** Why the last sign-in failed, for the view to show. */
  error: string | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get signedIn(): boolean {
    return this.token !== null && this.role !== null;
  }

  get api(): ApiClient {
    return new ApiClient(this.token ?? '');
  }

  hostConnected(): void {
    if (this.token) void this.signIn(this.token);
  }

  /** Check a token with the gateway; on success keep it for the tab. */
  async signIn(token: string): Promise<boolean> {
    try {
      const me = await new ApiClient(token).get<WhoAmI>('/api/whoami');
      sessionStorage.setItem(KEY, token);
      Object.assign(this, { token, role: me.role, name: me.name, error: null });
      return true;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) sessionStorage.removeItem(KEY);
      Object.assign(this, { role: null, name: null, error: err instanceof Error ? err.message : String(err) });
      return false;
    } finally {
      this.host.requestUpdate();
    }
  }

  signOut(): void {
    sessionStorage.removeItem(KEY);
    Object.assign(this, { token: null, role: null, name: null, error: null });
    this.host.requestUpdate();
  }
}
