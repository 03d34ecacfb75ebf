// The API: fetch with the session's token, the COC envelope's error turned into an ApiError.
const SUCCESS = 'GOM.00000000';

export const session = {
  mode: null,   // 'secure' | 'emulator'
  token: null,  // X-Auth-Token: in memory only, never in storage
  user: null,
};

let unauthorized = () => {};
/** What to do when the server no longer takes the token (secure mode): the sign-in form. */
export const onUnauthorized = (fn) => { unauthorized = fn; };

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(path, { method = 'GET', body, form } = {}) {
  const headers = {};
  if (session.token) headers['X-Auth-Token'] = session.token;
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
  if (res.status === 401 && session.mode === 'secure' && !path.startsWith('/v3/auth/')) {
    session.token = null;
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
