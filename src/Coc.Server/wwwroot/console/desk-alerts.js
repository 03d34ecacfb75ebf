// Desk alerts: new and escalated tickets, announced as the live stream (live.js) brings them, on any page.
//   - the tab title counts the tickets not seen yet, "(3) …": a ticket is seen when the list is shown in a visible,
//     focused tab; the count clears then (opening the list, or coming back to a tab that shows it);
//   - an optional short tone (Web Audio, no file), off by default, the choice kept in localStorage;
//   - desktop notifications (Notification API), asked for only when the person clicks "Enable desktop notifications",
//     shown for tickets not seen (a visible list already shows them).
// "Escalated" is an incident.level_changed event caused by incidentChangeLevel1: a level change applies at once only
// when it is more urgent (a de-escalation opens a request, and its approval is an `agreed` entry).
import { h } from './dom.js';
import { t, L } from './i18n.js';
import { onLive } from './live.js';
import { enumName } from './names.js';

const SOUND_KEY = 'coc.alert-sound';
const NOTIFY_KEY = 'coc.notify';
const unseen = new Set();
const handled = new Set();
let listShown = () => false;
let changed = () => {};
let audio = null;

/** "(3) " while tickets are unseen, else ''. */
export const titlePrefix = () => (unseen.size ? `(${unseen.size}) ` : '');

const looking = () => document.visibilityState === 'visible' && document.hasFocus() && listShown();
const soundOn = () => localStorage.getItem(SOUND_KEY) === 'on';
const notifications = () => globalThis.Notification;
const notifyOn = () => localStorage.getItem(NOTIFY_KEY) === 'on' && notifications()?.permission === 'granted';

/** Wires the alerts: isListShown() says whether the list is the page shown; onChange() redraws the title. */
export function initDeskAlerts({ isListShown, onChange }) {
  listShown = isListShown;
  changed = onChange;
  onLive(announce);
  const clear = () => {
    if (unseen.size && looking()) {
      unseen.clear();
      changed();
    }
  };
  window.addEventListener('focus', clear);
  document.addEventListener('visibilitychange', clear);
  // A page may not start audio before a user gesture: the first one after a reload readies the tone.
  const ready = () => { if (soundOn()) context(); };
  window.addEventListener('pointerdown', ready, { once: true });
  window.addEventListener('keydown', ready, { once: true });
  return { el: controls(), viewChanged: clear };
}

function kindOf(e) {
  if (e.type === 'incident.created') return 'new';
  if (e.type === 'incident.level_changed' && e.data?.data?.history?.action === 'incidentChangeLevel1') return 'escalated';
  return null;
}

function announce(e) {
  const kind = kindOf(e);
  const incident = e.data?.data?.incident;
  if (!kind || !incident || handled.has(e.id)) return;
  handled.add(e.id); // a stream may send an event again after a reconnect
  if (handled.size > 1000) handled.delete(handled.values().next().value);
  if (soundOn()) tone(kind);
  if (looking()) return;
  unseen.add(incident.incident_num);
  changed();
  if (notifyOn()) notify(kind, incident);
}

function notify(kind, incident) {
  const text = t(kind === 'new' ? 'notify_new' : 'notify_escalated', { n: incident.incident_num, level: enumName('levels', incident.incident_level) });
  try {
    const n = new (notifications())(text, { body: incident.incident_title, tag: incident.incident_num });
    n.onclick = () => {
      window.focus();
      location.hash = `#/ticket/${encodeURIComponent(incident.incident_num)}`;
      n.close();
    };
  } catch (err) {
    console.warn('notification not shown', err);
  }
}

function context() {
  const Ctx = globalThis.AudioContext ?? globalThis.webkitAudioContext;
  if (!Ctx) return null;
  audio ??= new Ctx();
  if (audio.state === 'suspended') audio.resume().catch(() => {});
  return audio;
}

/** One short beep for a new ticket, two higher ones for an escalation. */
function tone(kind) {
  const ctx = context();
  if (!ctx) return;
  const beeps = kind === 'escalated' ? [0, 0.22] : [0];
  for (const at of beeps) {
    const start = ctx.currentTime + at;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = kind === 'escalated' ? 988 : 784;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(start + 0.2);
  }
}

function controls() {
  const sound = h('input', { type: 'checkbox', id: 'alert-sound', checked: soundOn() });
  sound.addEventListener('change', () => {
    localStorage.setItem(SOUND_KEY, sound.checked ? 'on' : 'off');
    if (sound.checked) tone('new'); // in the click's gesture, so the browser lets the page play; also a sample
  });
  const notify = h('span', { class: 'notify-control' });
  const draw = () => {
    const api = notifications();
    if (!api) notify.replaceChildren(L('notify_unsupported', null, 'span', { class: 'muted' }));
    else if (api.permission === 'denied') notify.replaceChildren(L('notify_denied', null, 'span', { class: 'muted', id: 'notify-state' }));
    else if (notifyOn()) {
      notify.replaceChildren(L('notify_on', null, 'span', { id: 'notify-state' }), ' ',
        h('button', { type: 'button', id: 'notify-toggle', class: 'small', onclick: () => { localStorage.setItem(NOTIFY_KEY, 'off'); draw(); } },
          L('notify_disable')));
    } else {
      notify.replaceChildren(h('button', { type: 'button', id: 'notify-toggle', class: 'small', onclick: enable }, L('notify_enable')));
    }
  };
  async function enable() {
    // Asked here, in the click, never on page load: a browser may block a site that asks unprompted.
    const answer = notifications().permission === 'granted' ? 'granted' : await notifications().requestPermission();
    localStorage.setItem(NOTIFY_KEY, answer === 'granted' ? 'on' : 'off');
    draw();
    document.getElementById('notify-toggle')?.focus();
  }
  draw();
  return h('span', { id: 'desk-alerts', class: 'desk-alerts', role: 'group', 'aria-labelledby': 'alerts-h' },
    L('alerts', null, 'span', { id: 'alerts-h', class: 'sr-only' }),
    h('label', { class: 'live', for: 'alert-sound' }, sound, ' ', L('alert_sound')), ' ', notify);
}
