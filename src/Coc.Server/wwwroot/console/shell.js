// The page around the views: header (acting person, who is signed in), footer (live updates), page title.
import { session } from './api.js';
import { t, N, L, relabel } from './i18n.js';
import { reference } from './rules.js';
import { personLabel, personName } from './names.js';
import { fmtTime } from './format.js';
import { liveConnected } from './live.js';
import { titlePrefix } from './desk-alerts.js';

const params = new URLSearchParams(location.search);
/** Live updates: the current view re-reads the API this often (default 5 s) while the tab is visible. */
export const POLL_MS = Math.min(Math.max(Number(params.get('poll')) || 5000, 250), 600000);

let operator = localStorage.getItem('coc.operator');
let pageTitle = null;

/** The directory person the console acts as (the operator of every operation). */
export const actingPerson = () => operator;

export function setActingPerson(id) {
  if (actingPersonFixed()) return;
  operator = id;
  localStorage.setItem('coc.operator', id);
  document.dispatchEvent(new CustomEvent('coc:acting-person')); // the open view shows what this person may do
}

export function renderHeader() {
  const opSel = document.getElementById('operator');
  const ref = reference();
  const people = ref?.directory.people ?? [];
  const bound = ref?.caller?.person ?? null;
  const fixed = ref?.caller != null && !ref.caller.act_for_others;
  opSel.replaceChildren(...people.map(p => N(() => personLabel(p), 'option', { value: p.id })));
  if (fixed) operator = bound; // the API binds the operator to the signed-in person (auth.md): no choice to offer
  else if (!people.some(p => p.id === operator)) {
    // Nobody chosen yet: the signed-in person, else the directory person named like the user, else the first one.
    const me = people.find(p => p.id === bound) ?? people.find(p => session.user && (p.id === session.user || p.name_en === session.user));
    operator = (me ?? people[0])?.id ?? null;
  }
  opSel.value = operator ?? '';
  opSel.disabled = people.length === 0;
  document.getElementById('who').replaceChildren(...(session.mode === 'secure'
    ? (session.signedIn ? [L('signed_in_as', { user: session.user }), fixed ? L('acting_fixed', { name: () => personName(operator) }) : ''] : [])
    : [L('emulator_mode')]));
  document.getElementById('signout').hidden = !(session.mode === 'secure' && session.signedIn);
  document.getElementById('mainnav').hidden = session.mode === 'secure' && !session.signedIn;
  document.getElementById('actas').hidden = !ref || fixed;
}

/** Whether the acting person is the signed-in one, with no choice (secure mode without coc:ticket:actForOthers). */
export const actingPersonFixed = () => reference()?.caller != null && !reference().caller.act_for_others;

/** The current view's title (a function, so it follows the language), or null for the console's own. */
export const setPageTitle = (fn) => { pageTitle = fn ?? null; };

/** Relabels the whole page in the current language. */
export function relabelPage() {
  relabel();
  const note = document.getElementById('live-note');
  if (note) note.textContent = liveConnected() ? t('live_note_stream') : t('live_note', { s: POLL_MS / 1000 });
  document.title = titlePrefix() + (pageTitle ? `${pageTitle()} · ${t('app_title')}` : t('app_title'));
}

export function markRefreshed(error) {
  const el = document.getElementById('last-refresh');
  if (!el) return;
  const time = fmtTime(Date.now());
  el.replaceChildren(error ? L('refresh_failed', { msg: error }) : L('last_refresh', { time }));
}

export function setActiveNav(name) {
  for (const a of document.querySelectorAll('#mainnav a')) {
    if (a.dataset.route === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}
