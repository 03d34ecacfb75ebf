// COC Incident Console: plain ES modules, no build step. Talks to the same API as the SDKs:
//   GET  /v1/console/config, /v1/console/reference      (console helpers; the reference carries the server's rules)
//   GET/POST/DELETE /v1/console/session                 (secure mode sign-in: an HttpOnly cookie, CSRF header on writes)
//   GET  /v1/incident-tickets                           (list, offset = page number; sort, extended: ours)
//   GET  /v1/incident-tickets/statistics                (the dashboard's numbers, ours)
//   GET  /v1/external/incident/{n}                      (details, allowed_operations)
//   POST /v1/external/incident/create | handle | list-histories | attachments
//   GET  /v1/alarm-mgmt/alarms, /v1/alarm-mgmt/alarm/{id} (+ handle-histories); POST …/alarms/cancel, …/alarms-linked-incident
//   POST /v1/external/warrooms/list                     (the incident page's WarRoom, the WarRoom list)
//   GET/POST /v1/admin/integrations (+ /{id}/disable | enable | rotate-key)   (administrators)
//   GET/POST/PUT/DELETE /v1/admin/webhooks (+ /{id}/rotate-secret | deliveries | redeliver)   (administrators)
//   GET  /v1/events/stream                              (live events, Server-Sent Events read by live.js; desk alerts)
//   GET  /v2/incidents/{n}/tasks, POST …/actions        (a note: v2 addRemark)
// This entry point routes between the views and runs live updates. A view with live(event) (the list, the ticket
// page) follows the stream: each event it says concerns it makes it re-read in the background. Every other view,
// and any view while the stream is down, re-reads the API every POLL_MS (default 5 s) while the tab is visible.
import { h } from './dom.js';
import { lang, setLang } from './i18n.js';
import { errorText, loadSession, onUnauthorized, session } from './api.js';
import { restoreDraft, saveDraft } from './drafts.js';
import { watchExpiry } from './session-banner.js';
import { closeDialog } from './forms/dialog.js';
import { reference, loadRules } from './rules.js';
import { POLL_MS, relabelPage, renderHeader, setActingPerson, setActiveNav, setPageTitle } from './shell.js';
import { listView } from './views/list.js';
import { ticketView } from './views/ticket.js';
import { createView } from './views/create.js';
import { alarmsView } from './views/alarms.js';
import { alarmView } from './views/alarm.js';
import { integrationsView } from './views/integrations.js';
import { warRoomListView } from './views/warroom-list.js';
import { dashboardView } from './views/dashboard.js';
import { showSignIn, signOut } from './views/signin.js';
import { webhooksView } from './views/webhooks.js';
import { liveConnected, onLive, startLive, stopLive } from './live.js';
import { initDeskAlerts } from './desk-alerts.js';

let view = null;       // { name, el, refresh(background), dispose?(), update?(route), title?(), live?(event) }
let live = true;
let routed = false;

const alerts = initDeskAlerts({ isListShown: () => view?.name === 'list', onChange: () => relabelPage() });

function setView(next) {
  view = next;
  setPageTitle(next?.title);
  alerts.viewChanged();
}

/** The sign-in form; keepDraft: the session ended under the user (expired, revoked), so the typed fields are kept. */
function signIn(message, keepDraft = false) {
  if (keepDraft) saveDraft(session.user);
  closeDialog();
  watchExpiry();
  stopLive();
  view?.dispose?.();
  setView(null);
  showSignIn(message, route);
}
onUnauthorized((message) => signIn(message, true));

function parseRoute() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  const q = new URLSearchParams(query);
  const m = path.match(/^\/ticket\/(.+)$/);
  if (m) return { name: 'ticket', num: decodeURIComponent(m[1]), q };
  const alarm = path.match(/^\/alarm\/(.+)$/);
  if (alarm) return { name: 'alarm', id: decodeURIComponent(alarm[1]), q };
  if (path === '/new') return { name: 'new', q };
  if (path === '/alarms') return { name: 'alarms', q };
  if (path === '/integrations') return { name: 'integrations', q };
  if (path === '/warrooms') return { name: 'warrooms', q };
  if (path === '/webhooks') return { name: 'webhooks', q };
  if (path === '/dashboard') return { name: 'dashboard', q };
  return { name: 'list', q };
}

async function route() {
  if (session.mode === 'secure' && !session.signedIn) return signIn();
  watchExpiry();
  if (!reference()) {
    try {
      await loadRules();
      renderHeader();
    } catch (e) { return showFatal(e); }
  }
  startLive();
  const r = parseRoute();
  if (view?.name === r.name && view.update && view.update(r)) return;
  view?.dispose?.();
  const next = VIEWS[r.name](r);
  setView(next);
  setActiveNav(r.name === 'alarm' ? 'alarms' : r.name);
  document.getElementById('main').replaceChildren(next.el);
  relabelPage();
  // After an in-app navigation, move focus to the new page's heading (screen readers announce it); on the
  // first load leave focus alone, so Tab reaches the skip link first.
  if (routed) next.el.querySelector('h1')?.focus({ preventScroll: true });
  routed = true;
  next.refresh?.();
  restoreDraft(session.user);
}

const VIEWS = {
  ticket: (r) => ticketView(r.num),
  new: () => createView(),
  alarms: (r) => alarmsView(r.q),
  alarm: (r) => alarmView(r.id),
  integrations: () => integrationsView(),
  warrooms: (r) => warRoomListView(r.q),
  webhooks: () => webhooksView(),
  dashboard: () => dashboardView(),
  list: (r) => listView(r.q),
};

function showFatal(e) {
  document.getElementById('main').replaceChildren(h('div', { class: 'card', role: 'alert' }, h('p', null, errorText(e))));
}

// Live updates: one timer; the current view decides what to re-read. Skipped while the tab is hidden,
// while a previous refresh is still running, or when the user turned live updates off.
let polling = false;
setInterval(async () => {
  if (!live || (liveConnected() && view?.live) || document.hidden || polling || !view?.refresh) return;
  polling = true;
  try { await view.refresh(true); } finally { polling = false; }
}, POLL_MS);
// The stream: events to the view; on (re)connecting or a reset the view re-reads once, for what it missed meanwhile.
onLive((e) => {
  document.body.dataset.live = liveConnected() ? 'stream' : 'poll';
  if (e.type === 'open' || e.type === 'closed') relabelPage();
  if (!live || !view?.live || e.type === 'closed') return;
  if (e.type === 'open' || e.type === 'reset' || view.live(e)) refreshSoon();
});

// One background refresh at a time; events that arrive meanwhile make one more after it.
let again = false;
async function refreshSoon() {
  if (polling) { again = true; return; }
  polling = true;
  try { await view?.refresh?.(true); } finally { polling = false; }
  if (again) { again = false; refreshSoon(); }
}
document.addEventListener('visibilitychange', async () => {
  // Another tab may have signed in again meanwhile: the cookie's session (expiry, CSRF value) is re-read.
  if (!document.hidden && session.mode === 'secure' && session.signedIn && await loadSession()) watchExpiry();
  if (!document.hidden && live) view?.refresh?.(true);
});

async function boot() {
  const langSel = document.getElementById('lang');
  langSel.value = lang();
  langSel.addEventListener('change', () => {
    setLang(langSel.value);
    relabelPage();
  });
  const opSel = document.getElementById('operator');
  opSel.addEventListener('change', () => setActingPerson(opSel.value));
  document.getElementById('signout').addEventListener('click', async () => {
    await signOut();
    signIn();
  });
  document.getElementById('skip').addEventListener('click', (ev) => {
    ev.preventDefault();
    document.getElementById('main').focus();
  });
  document.getElementById('live').closest('label').after(alerts.el);
  const liveBox = document.getElementById('live');
  liveBox.addEventListener('change', () => { live = liveBox.checked; });
  window.addEventListener('hashchange', () => route());
  relabelPage();
  try {
    const res = await fetch('/v1/console/config', { cache: 'no-store' });
    session.mode = (await res.json()).mode === 'emulator' ? 'emulator' : 'secure';
  } catch (e) {
    return showFatal(e);
  }
  document.body.dataset.mode = session.mode;
  if (session.mode === 'secure') await loadSession(); // a reload or a new tab keeps the cookie's session
  await route();
}

boot();
