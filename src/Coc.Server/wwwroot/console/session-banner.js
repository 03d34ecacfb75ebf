// The session's end: a banner warn_before_ms before the token expires (on the server's clock), with "stay signed in",
// which asks for the password again and replaces the session (a new cookie, a new expiry).
import { h } from './dom.js';
import { t, L, N } from './i18n.js';
import { errorText, serverNow, session } from './api.js';
import { fmtTime } from './format.js';
import { startSession } from './views/signin.js';

let timer = null;
let ticker = null;

/** (Re)schedules the warning for the current session; hides it when there is none. */
export function watchExpiry() {
  clearTimeout(timer);
  hide();
  if (session.mode !== 'secure' || !session.signedIn) return;
  const warnIn = session.expiresAt - session.warnBeforeMs - serverNow();
  if (warnIn <= 0) show();
  else timer = setTimeout(show, Math.min(warnIn, 2 ** 31 - 1));
}

function hide() {
  clearInterval(ticker);
  document.getElementById('session-banner')?.remove();
}

function show() {
  if (document.getElementById('session-banner')) return;
  const minutes = () => Math.max(0, Math.ceil((session.expiresAt - serverNow()) / 60000));
  const msg = N(() => t('session_ends', { time: fmtTime(session.expiresAt - session.clockOffset), min: minutes() }), 'p',
    { id: 'session-banner-msg' });
  const pass = h('input', { id: 'stay-password', type: 'password', autocomplete: 'current-password', required: true });
  const err = h('div', { id: 'stay-error', class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'stay-form', hidden: '', 'data-no-draft': '' },
    h('label', { for: 'stay-password' }, L('password')), pass, h('button', { type: 'submit', class: 'primary' }, L('stay_sign_in')), err);
  const stay = h('button', { type: 'button', id: 'stay-signed-in' }, L('stay_signed_in'));
  stay.addEventListener('click', () => { form.hidden = false; stay.hidden = true; pass.focus(); });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!pass.value) return;
    try {
      await startSession(session.user, pass.value);
      watchExpiry();
    } catch (e) {
      err.textContent = errorText(e);
      pass.focus();
    }
  });
  const banner = h('section', { id: 'session-banner', class: 'session-banner', 'aria-labelledby': 'session-banner-msg', role: 'region' },
    msg, stay, form);
  document.body.insertBefore(banner, document.getElementById('main'));
  ticker = setInterval(() => { msg.textContent = msg._tr(); }, 15000);
}
