// The API: fetch with the console's session cookie (secure mode), the COC envelope's error turned into an ApiError.
// The session's token is in an HttpOnly cookie that no script here can read; what the page keeps is who is signed in,
// until when, and the CSRF value every unsafe request sends (docs/decisions.md, "Console sessions").
const SUCCESS = 'GOM.00000000';
export const SESSION_PATH = '/v1/console/session';

export const session = {
  mode: null,        // 'secure' | 'emulator'
  signedIn: false,
  user: null,
  csrf: null,        // X-CSRF-Token for unsafe methods (the session endpoint's csrf_token)
  expiresAt: null,   // ms, on the server's clock
  warnBeforeMs: null,
  clockOffset: 0,    // server clock minus this browser's
};

/** The server's clock now, as far as this page can tell. */
export const serverNow = () => Date.now() + session.clockOffset;

export function setSession(info) {
  Object.assign(session, {
    signedIn: true, user: info.user, csrf: info.csrf_token, expiresAt: info.expires_at, warnBeforeMs: info.warn_before_ms,
    clockOffset: info.now - Date.now(),
  });
}

export function clearSession() {
  Object.assign(session, { signedIn: false, csrf: null, expiresAt: null });
}

/** GET the cookie's session (a reload or a new tab): true when there is one. */
export async function loadSession() {
  try {
    const res = await fetch(SESSION_PATH, { cache: 'no-store' });
    if (!res.ok) { clearSession(); return false; }
    setSession(await res.json());
    return true;
  } catch {
    clearSession();
    return false;
  }
}

let unauthorized = () => {};
/** What to do when the server no longer takes the session (secure mode): the sign-in form. */
export const onUnauthorized = (fn) => { unauthorized = fn; };

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const unsafe = (method) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

export async function api(path, { method = 'GET', body, form } = {}, retried = false) {
  const headers = {};
  if (unsafe(method) && session.csrf) headers['X-CSRF-Token'] = session.csrf;
  let payload;
  if (form) payload = form;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json;charset=utf-8';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e.message || 'network error');
  }
  let json = null;
  if ((res.headers.get('Content-Type') || '').includes('json')) {
    try { json = await res.json(); } catch { json = null; }
  }
  // Another tab signed in again (a new session, a new CSRF value): read it and try once more.
  if (res.status === 403 && !retried && session.mode === 'secure' && /X-CSRF-Token/.test(json?.error_msg ?? '') && await loadSession()) {
    return api(path, { method, body, form }, true);
  }
  if (res.status === 401 && session.mode === 'secure' && !path.startsWith('/v3/auth/') && !path.startsWith(SESSION_PATH)) {
    clearSession();
    unauthorized(json?.error_msg);
  }
  const code = json?.error_code ?? json?.code;
  if (!res.ok || (code && code !== SUCCESS)) {
    throw new ApiError(res.status, code ?? String(res.status), json?.error_msg ?? json?.msg ?? res.statusText ?? 'error');
  }
  return { json, res };
}

export const errorText = (e) => e instanceof ApiError && e.code && e.code !== 'NETWORK'
  ? `${e.message} (${e.code}, HTTP ${e.status})` : e.message;
