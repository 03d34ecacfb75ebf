// Secure mode: sign in with user name and password (POST /v3/auth/tokens); the token stays in memory only.
import { h } from '../dom.js';
import { t, L } from '../i18n.js';
import { api, ApiError, errorText, session } from '../api.js';
import { forgetRules } from '../rules.js';
import { renderHeader, relabelPage } from '../shell.js';

/** The sign-in form (secure mode); onSignedIn runs once a token is in the session. */
export function showSignIn(message, onSignedIn) {
  renderHeader();
  const user = h('input', { id: 'signin-user', name: 'username', autocomplete: 'username', required: true });
  const pass = h('input', { id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const err = h('div', { id: 'signin-error', class: 'form-error', role: 'alert' }, message ?? '');
  const button = h('button', { type: 'submit', class: 'primary' }, L('sign_in'));
  const form = h('form', { class: 'card narrow', 'aria-labelledby': 'signin-h' },
    h('h1', { id: 'signin-h', tabindex: '-1' }, L('sign_in_title')),
    L('sign_in_intro', null, 'p', { class: 'muted' }),
    h('div', { class: 'field' }, h('label', { for: 'signin-user' }, L('user')), user),
    h('div', { class: 'field' }, h('label', { for: 'signin-password' }, L('password')), pass),
    err,
    h('div', { class: 'buttons' }, button));
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
      const body = { auth: { identity: { methods: ['password'], password: { user: { name: user.value, password: pass.value, domain: { name: 'default' } } } },
        scope: { project: { id: 'default' } } } };
      const { res } = await api('/v3/auth/tokens', { method: 'POST', body });
      const token = res.headers.get('X-Subject-Token');
      if (!token) throw new ApiError(res.status, 'NO_TOKEN', 'the server answered without X-Subject-Token');
      session.token = token;
      session.user = user.value;
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
  user.focus();
}

/** Drops the token (and revokes it on the server). */
export async function signOut() {
  const token = session.token;
  session.token = null;
  forgetRules();
  if (token) {
    try {
      await fetch('/v3/auth/tokens', { method: 'DELETE', headers: { 'X-Auth-Token': token, 'X-Subject-Token': token } });
    } catch { /* the token is dropped from memory either way */ }
  }
}
