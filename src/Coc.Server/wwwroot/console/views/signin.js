// Secure mode: sign in with user name and password (POST /v1/console/session). The server answers with an HttpOnly
// session cookie, so the session survives a reload and a new tab while no script can read its token.
import { h } from '../dom.js';
import { t, L } from '../i18n.js';
import { api, clearSession, errorText, session, setSession, SESSION_PATH } from '../api.js';
import { forgetRules } from '../rules.js';
import { renderHeader, relabelPage } from '../shell.js';

/** Signs in (again) as user: the session is then in the cookie and its description in `session`. */
export async function startSession(user, password) {
  const body = { auth: { identity: { methods: ['password'], password: { user: { name: user, password, domain: { name: 'default' } } } },
    scope: { project: { id: 'default' } } } };
  const { json } = await api(SESSION_PATH, { method: 'POST', body });
  setSession(json);
}

/** The sign-in form (secure mode); onSignedIn runs once the session is there. */
export function showSignIn(message, onSignedIn) {
  renderHeader();
  const user = h('input', { id: 'signin-user', name: 'username', autocomplete: 'username', required: true });
  const pass = h('input', { id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const err = h('div', { id: 'signin-error', class: 'form-error', role: 'alert' }, message ?? '');
  const button = h('button', { type: 'submit', class: 'primary' }, L('sign_in'));
  const form = h('form', { class: 'card narrow', 'aria-labelledby': 'signin-h', 'data-no-draft': '' },
    h('h1', { id: 'signin-h', tabindex: '-1' }, L('sign_in_title')),
    L('sign_in_intro', null, 'p', { class: 'muted' }),
    h('div', { class: 'field' }, h('label', { for: 'signin-user' }, L('user')), user),
    h('div', { class: 'field' }, h('label', { for: 'signin-password' }, L('password')), pass),
    err,
    h('div', { class: 'buttons' }, button));
  if (session.user) user.value = session.user;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    if (!user.value || !pass.value) {
      err.replaceChildren(L('v_required', { field: () => t(user.value ? 'password' : 'user') }));
      return;
    }
    button.disabled = true;
    button.replaceChildren(L('signing_in'));
    try {
      await startSession(user.value, pass.value);
      pass.value = '';
      forgetRules();
      await onSignedIn();
    } catch (e) {
      err.textContent = errorText(e);
      button.disabled = false;
      button.replaceChildren(L('sign_in'));
      pass.focus();
    }
  });
  document.getElementById('main').replaceChildren(form);
  relabelPage();
  (user.value ? pass : user).focus();
}

/** Ends the session on the server (revokes its token, clears the cookie). */
export async function signOut() {
  try {
    await api(SESSION_PATH, { method: 'DELETE' });
  } catch { /* the page forgets the session either way */ }
  clearSession();
  session.user = null;
  forgetRules();
}
