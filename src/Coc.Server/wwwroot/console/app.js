// COC Incident Console: plain ES module, no build step. Talks to the same API as the SDKs:
//   GET  /v1/console/config, /v1/console/reference      (console helpers)
//   POST /v3/auth/tokens                                (secure mode sign-in; token kept in memory only)
//   GET  /v1/incident-tickets                           (list, offset = page number)
//   GET  /v1/external/incident/{n}                      (details, allowed_operations)
//   POST /v1/external/incident/create | handle | list-histories | attachments
// Live updates: the current view re-reads the API every POLL_MS (default 5 s) while the tab is visible.
import { LABELS } from './i18n.js';
import { OPERATIONS } from './operations.js';

const params = new URLSearchParams(location.search);
const POLL_MS = Math.min(Math.max(Number(params.get('poll')) || 5000, 250), 600000);
const SUCCESS = 'GOM.00000000';
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_FILES = 10;
const FILE_TYPES = ['jpg', 'jpeg', 'png', 'docx', 'txt', 'pdf'];

const state = {
  mode: null,          // 'secure' | 'emulator'
  token: null,         // X-Auth-Token: in memory only, never in storage
  user: null,
  ref: null,           // GET /v1/console/reference
  lang: storedLang(),
  operator: localStorage.getItem('coc.operator'),
  view: null,          // { name, refresh(), dispose(), update?(route) }
  live: true,
};

function storedLang() {
  const l = localStorage.getItem('coc.lang');
  if (l === 'zh' || l === 'en') return l;
  return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

// ---------------------------------------------------------------------------------------------- i18n

export function t(key, vars) {
  let s = LABELS[state.lang][key] ?? LABELS.en[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => {
    const v = vars[k];
    return v == null ? m : String(typeof v === 'function' ? v() : v);
  });
  return s;
}

/** An element whose text is worked out again when the language changes (or the SLA clock ticks). */
export function N(fn, tag = 'span', props) {
  const el = h(tag, props);
  el.dataset.tr = '';
  el._tr = fn;
  el.textContent = fn();
  return el;
}
export const L = (key, vars, tag, props) => N(() => t(key, vars), tag, props);

/** Sets an attribute that follows the language (aria-label, title, placeholder). */
export function trAttr(el, attr, fn) {
  el.dataset.tr = '';
  (el._tra ??= {})[attr] = fn;
  el.setAttribute(attr, fn());
  return el;
}

function relabel(root = document) {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-tr]')) {
    if (el._tr) el.textContent = el._tr();
    if (el._tra) for (const [a, f] of Object.entries(el._tra)) el.setAttribute(a, f());
  }
  updateLiveNote();
  if (state.view?.title) document.title = `${state.view.title()} · ${t('app_title')}`;
  else document.title = t('app_title');
}

export const nameOf = (entry) => entry ? (state.lang === 'zh' ? entry.name_zh : entry.name_en) : null;
export const enumEntry = (set, key) => state.ref?.catalog[set]?.find(e => e.key === key);
export const enumName = (set, key) => key == null || key === '' ? t('none') : nameOf(enumEntry(set, key)) ?? key;
/** "Alice (ops-alice)"; long ids are shortened for the picker (the value stays the full id). */
export const personLabel = (p) => `${nameOf(p)} (${p.id.length > 14 ? p.id.slice(0, 8) + '…' : p.id})`;
export const person = (id) => state.ref?.directory.people.find(p => p.id === id);
export const personName = (id) => id == null || id === '' ? t('none') : nameOf(person(id)) ?? id;
export const appName = (id) => nameOf(state.ref?.directory.applications?.find(a => a.id === id)) ?? id;
export const opName = (key) => {
  const row = state.ref?.workflow.find(r => r.operate_key === key);
  return row ? nameOf(row) : key === 'create' ? (state.lang === 'zh' ? '创建' : 'Create') : key;
};

// ------------------------------------------------------------------------------------------------ DOM

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  let value;
  if (props) for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') value = v;
    else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'required') el[k] = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  if (value !== undefined) el.value = value;
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const pad = (n) => String(n).padStart(2, '0');
export function fmtTime(ms) {
  if (ms == null) return t('none');
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
export function fmtDur(ms) {
  if (ms == null) return t('none');
  let s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const hr = Math.floor(s / 3600); s -= hr * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const u = state.lang === 'zh' ? ['天', '小时', '分', '秒'] : ['d ', 'h ', 'm ', 's'];
  const parts = [];
  if (d) parts.push(d + u[0]);
  if (d || hr) parts.push(hr + u[1]);
  if (d || hr || m) parts.push(m + u[2]);
  parts.push(s + u[3]);
  return parts.join('').trim();
}
/** datetime-local value ↔ milliseconds (local time). */
export const toLocalInput = (ms) => {
  if (ms == null) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

const STATUS_CLASS = {
  incident_draft: 'st-draft', INCIDENT_STATUS_TRIGGERED: 'st-triggered', INCIDENT_STATUS_ACKNOWLEDGED: 'st-acknowledged',
  INCIDENT_STATUS_REJECTED: 'st-rejected', INCIDENT_STATUS_RESOLVED: 'st-resolved', INCIDENT_STATUS_COMPLETED: 'st-completed',
};
export const statusBadge = (key, name) =>
  N(name ?? (() => enumName('statuses', key)), 'span', { class: `badge ${STATUS_CLASS[key] ?? 'st-draft'}`, 'data-status': key });
export const levelBadge = (key, name) =>
  N(name ?? (() => enumName('levels', key)), 'span', { class: `badge lv lv-${String(key).replace(/\W/g, '')}`, 'data-level': key });

function flash(fn, kind = 'ok') {
  const box = document.getElementById('flash');
  box.replaceChildren(N(fn, 'p', { class: `flash ${kind}` }));
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => box.replaceChildren(), 6000);
}

// ------------------------------------------------------------------------------------------------ API

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(path, { method = 'GET', body, form } = {}) {
  const headers = {};
  if (state.token) headers['X-Auth-Token'] = state.token;
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
  if (res.status === 401 && state.mode === 'secure' && !path.startsWith('/v3/auth/')) {
    state.token = null;
    showSignIn(json?.error_msg);
  }
  const code = json?.error_code ?? json?.code;
  if (!res.ok || (code && code !== SUCCESS)) {
    throw new ApiError(res.status, code ?? String(res.status), json?.error_msg ?? json?.msg ?? res.statusText ?? 'error');
  }
  return { json, res };
}

const errorText = (e) => e instanceof ApiError && e.code && e.code !== 'NETWORK'
  ? `${e.message} (${e.code}, HTTP ${e.status})` : e.message;

// --------------------------------------------------------------------------------------------- shell

function renderHeader() {
  const opSel = document.getElementById('operator');
  const people = state.ref?.directory.people ?? [];
  opSel.replaceChildren(...people.map(p => N(() => personLabel(p), 'option', { value: p.id })));
  if (!people.some(p => p.id === state.operator)) {
    // Nobody chosen yet: the directory person named like the signed-in user, else the first one.
    const me = people.find(p => state.user && (p.id === state.user || p.name_en === state.user));
    state.operator = (me ?? people[0])?.id ?? null;
  }
  opSel.value = state.operator ?? '';
  opSel.disabled = people.length === 0;
  document.getElementById('who').replaceChildren(state.mode === 'secure'
    ? (state.token ? L('signed_in_as', { user: state.user }) : '')
    : L('emulator_mode'));
  document.getElementById('signout').hidden = !(state.mode === 'secure' && state.token);
  document.getElementById('mainnav').hidden = state.mode === 'secure' && !state.token;
  document.getElementById('actas').hidden = !state.ref;
}

function updateLiveNote() {
  const note = document.getElementById('live-note');
  if (note) note.textContent = t('live_note', { s: POLL_MS / 1000 });
}

function markRefreshed(error) {
  const el = document.getElementById('last-refresh');
  if (!el) return;
  const time = fmtTime(Date.now());
  el.replaceChildren(error ? L('refresh_failed', { msg: error }) : L('last_refresh', { time }));
}

function setActiveNav(name) {
  for (const a of document.querySelectorAll('#mainnav a')) {
    if (a.dataset.route === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function loadReference() {
  const { json } = await api('/v1/console/reference');
  state.ref = json;
  renderHeader();
}

// ---------------------------------------------------------------------------------------------- route

function parseRoute() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  const q = new URLSearchParams(query);
  const m = path.match(/^\/ticket\/(.+)$/);
  if (m) return { name: 'ticket', num: decodeURIComponent(m[1]), q };
  if (path === '/new') return { name: 'new', q };
  return { name: 'list', q };
}

async function route() {
  if (state.mode === 'secure' && !state.token) return showSignIn();
  if (!state.ref) {
    try { await loadReference(); } catch (e) { return showFatal(e); }
  }
  const r = parseRoute();
  if (state.view?.name === r.name && state.view.update && state.view.update(r)) return;
  state.view?.dispose?.();
  const main = document.getElementById('main');
  const view = r.name === 'ticket' ? ticketView(r.num) : r.name === 'new' ? createView() : listView(r.q);
  state.view = view;
  setActiveNav(r.name);
  main.replaceChildren(view.el);
  relabel();
  // After an in-app navigation, move focus to the new page's heading (screen readers announce it); on the
  // first load leave focus alone, so Tab reaches the skip link first.
  if (routed) view.el.querySelector('h1')?.focus({ preventScroll: true });
  routed = true;
  view.refresh?.();
}
let routed = false;

function showFatal(e) {
  document.getElementById('main').replaceChildren(h('div', { class: 'card', role: 'alert' }, h('p', null, errorText(e))));
}

// Live updates: one timer; the current view decides what to re-read. Skipped while the tab is hidden,
// while a previous refresh is still running, or when the user turned live updates off.
let polling = false;
setInterval(async () => {
  if (!state.live || document.hidden || polling || !state.view?.refresh) return;
  polling = true;
  try { await state.view.refresh(true); } finally { polling = false; }
}, POLL_MS);
document.addEventListener('visibilitychange', () => { if (!document.hidden && state.live) state.view?.refresh?.(true); });

// -------------------------------------------------------------------------------------------- sign-in

function showSignIn(message) {
  state.view?.dispose?.();
  state.view = null;
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
      state.token = token;
      state.user = user.value;
      pass.value = '';
      state.ref = null;
      await route();
    } catch (e) {
      err.textContent = errorText(e);
      button.disabled = false;
      button.replaceChildren(L('sign_in'));
      pass.focus();
    }
  });
  document.getElementById('main').replaceChildren(form);
  relabel();
  user.focus();
}

async function signOut() {
  const token = state.token;
  state.token = null;
  state.ref = null;
  if (token) {
    try {
      await fetch('/v3/auth/tokens', { method: 'DELETE', headers: { 'X-Auth-Token': token, 'X-Subject-Token': token } });
    } catch { /* the token is dropped from memory either way */ }
  }
  showSignIn();
}

// ------------------------------------------------------------------------------------------- list view

const FILTERS = ['status', 'level', 'assignee', 'creator', 'q'];

function listView(initial) {
  let q = initial;
  let lastKey = null;
  const peopleList = h('datalist', { id: 'people-list' },
    (state.ref.directory.people).map(p => N(() => nameOf(p), 'option', { value: p.id })));
  const enumSelect = (id, set) => h('select', { id, name: id },
    L('any', null, 'option', { value: '' }),
    state.ref.catalog[set].map(e => N(() => nameOf(e), 'option', { value: e.key })));
  const controls = {
    status: enumSelect('f-status', 'statuses'),
    level: enumSelect('f-level', 'levels'),
    assignee: h('input', { id: 'f-assignee', name: 'assignee', list: 'people-list', autocomplete: 'off', maxlength: 255 }),
    creator: h('input', { id: 'f-creator', name: 'creator', list: 'people-list', autocomplete: 'off', maxlength: 255 }),
    q: h('input', { id: 'f-q', name: 'q', type: 'search', maxlength: 255 }),
  };
  const labels = { status: 'f_status', level: 'f_level', assignee: 'f_assignee', creator: 'f_creator', q: 'f_q' };
  const filterForm = h('form', { class: 'filters card', role: 'search', 'aria-labelledby': 'filters-h' },
    h('h2', { id: 'filters-h', class: 'sr-only' }, L('filters')),
    FILTERS.map(f => h('div', { class: `field f-${f}` }, h('label', { for: controls[f].id }, L(labels[f])), controls[f])),
    peopleList,
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', class: 'primary' }, L('apply')),
      h('button', { type: 'button', onclick: () => go({}) }, L('reset'))));
  filterForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const next = {};
    for (const f of FILTERS) if (controls[f].value.trim()) next[f] = controls[f].value.trim();
    if (q.get('limit')) next.limit = q.get('limit');
    go(next);
  });
  for (const f of ['status', 'level']) controls[f].addEventListener('change', () => filterForm.requestSubmit());

  const summary = h('p', { id: 'list-summary', class: 'muted', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const table = h('table', { class: 'tickets', 'aria-describedby': 'list-summary' },
    h('caption', { class: 'sr-only' }, L('list_caption')),
    h('thead', null, h('tr', null, ['col_number', 'col_title', 'col_status', 'col_level', 'col_assignee', 'col_creator', 'col_created']
      .map(k => h('th', { scope: 'col' }, L(k))))),
    tbody);
  const pager = h('nav', { class: 'pager', 'aria-label': 'pagination' });
  trAttr(pager, 'aria-label', () => t('pagination'));

  const el = h('section', { class: 'view-list', 'aria-labelledby': 'list-h' },
    h('h1', { id: 'list-h', tabindex: '-1' }, L('tickets_title')),
    filterForm,
    h('div', { class: 'card table-card' }, summary, h('div', { class: 'table-wrap' }, table), pager));

  function page() { return Math.max(1, parseInt(q.get('page') || '1', 10) || 1); }
  function limit() { const l = parseInt(q.get('limit') || '20', 10); return [10, 20, 50, 100].includes(l) ? l : 20; }

  function go(next) {
    const qs = new URLSearchParams(next).toString();
    location.hash = '#/' + (qs ? '?' + qs : '');
  }
  function goPage(p) {
    const next = Object.fromEntries(q.entries());
    next.page = String(p);
    go(next);
  }

  function syncForm() {
    for (const f of FILTERS) controls[f].value = q.get(f) ?? '';
  }

  async function refresh(background) {
    const qs = new URLSearchParams({ offset: String(page()), limit: String(limit()) });
    for (const f of FILTERS) if (q.get(f)) qs.set(f, q.get(f));
    const requested = qs.toString();
    try {
      const { json } = await api('/v1/incident-tickets?' + requested);
      if (requested !== currentQuery()) return; // the filters changed while this was in flight
      const key = JSON.stringify(json.data);
      if (key !== lastKey) { lastKey = key; render(json.data); }
      markRefreshed();
    } catch (e) {
      if (background) markRefreshed(e.message);
      else { summary.textContent = errorText(e); tbody.replaceChildren(); }
    }
  }
  function currentQuery() {
    const qs = new URLSearchParams({ offset: String(page()), limit: String(limit()) });
    for (const f of FILTERS) if (q.get(f)) qs.set(f, q.get(f));
    return qs.toString();
  }

  function render(data) {
    const total = data.total;
    const pages = Math.max(1, Math.ceil(total / limit()));
    summary.replaceChildren(L('total', { n: total.toLocaleString() }), ' · ', L('page_of', { page: page(), pages }));
    const rows = data.IncidentSimpleTicketInfos;
    tbody.replaceChildren(...(rows.length === 0
      ? [h('tr', null, h('td', { colspan: 7, class: 'empty' }, L('no_tickets')))]
      : rows.map(r => h('tr', { 'data-ticket': r.ticket_id },
        h('td', null, h('a', { href: `#/ticket/${encodeURIComponent(r.ticket_id)}`, class: 'mono' }, r.ticket_id)),
        h('td', { class: 'title-cell' }, r.title),
        h('td', null, statusBadge(r.status)),
        h('td', null, levelBadge(r.level)),
        h('td', null, N(() => r.assignee.map(personName).join(', ') || t('none'))),
        h('td', null, N(() => personName(r.creator))),
        h('td', { class: 'nowrap' }, r.create_time == null ? '' : h('time', { datetime: new Date(r.create_time).toISOString() }, fmtTime(r.create_time)))))));
    const p = page();
    const btn = (key, target, disabled) => h('button', { type: 'button', disabled, onclick: () => goPage(target) }, L(key));
    const sizeSel = h('select', { id: 'page-size' }, [10, 20, 50, 100].map(n => h('option', { value: n }, String(n))));
    sizeSel.value = String(limit());
    sizeSel.addEventListener('change', () => { const next = Object.fromEntries(q.entries()); next.limit = sizeSel.value; next.page = '1'; go(next); });
    const jump = h('input', { id: 'page-jump', type: 'number', min: 1, max: pages, value: p, inputmode: 'numeric' });
    const jumpForm = h('form', { class: 'jump' }, h('label', { for: 'page-jump' }, L('go_to_page')), jump, h('button', { type: 'submit' }, L('go')));
    jumpForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const n = Math.min(Math.max(parseInt(jump.value, 10) || 1, 1), pages);
      goPage(n);
    });
    pager.replaceChildren(
      btn('first', 1, p <= 1), btn('prev', p - 1, p <= 1),
      h('span', { class: 'page-no' }, L('page_of', { page: p, pages })),
      btn('next', p + 1, p >= pages), btn('last', pages, p >= pages),
      h('span', { class: 'page-size' }, h('label', { for: 'page-size' }, L('page_size')), sizeSel),
      jumpForm);
  }

  syncForm();
  return {
    name: 'list', el, refresh,
    title: () => t('tickets_title'),
    update(r) { q = r.q; syncForm(); lastKey = null; refresh(); return true; },
  };
}

// ----------------------------------------------------------------------------------------- ticket view

function ticketView(num) {
  let ticket = null;
  let lastKey = null;
  let fetchedAt = 0;
  const sections = {
    head: h('div', { class: 'ticket-head' }),
    pending: h('div', { id: 'pending' }),
    actions: h('section', { class: 'card', id: 'actions', 'aria-labelledby': 'actions-h' }),
    details: h('section', { class: 'card', 'aria-labelledby': 'details-h' }),
    sla: h('section', { class: 'card', id: 'sla', 'aria-labelledby': 'sla-h' }),
    files: h('ul', { class: 'files', id: 'attachment-list' }),
    timeline: h('ol', { class: 'timeline', id: 'timeline' }),
  };
  const heading = h('h1', { tabindex: '-1', class: 'mono' }, num);
  const uploadForm = buildUpload();
  const el = h('article', { class: 'view-ticket', 'data-ticket': num },
    h('p', null, h('a', { href: '#/' }, L('back_to_list'))),
    heading,
    sections.head,
    sections.pending,
    sections.actions,
    h('div', { class: 'cols' },
      sections.details,
      h('div', null,
        sections.sla,
        h('section', { class: 'card', id: 'attachments', 'aria-labelledby': 'att-h' },
          h('h2', { id: 'att-h' }, L('attachments')), sections.files, uploadForm))),
    h('section', { class: 'card', 'aria-labelledby': 'hist-h' }, h('h2', { id: 'hist-h' }, L('history')), sections.timeline));

  const ticker = setInterval(() => {
    for (const n of sections.sla.querySelectorAll('[data-tr]')) n.textContent = n._tr();
  }, 1000);

  async function refresh(background) {
    try {
      const histBody = { string_filters: [{ operator: '=', field: 'ticket_id', values: [num] }], sort_filter: { operator: 'asc', field: 'start_time' } };
      const [d, hist] = await Promise.all([
        api(`/v1/external/incident/${encodeURIComponent(num)}`),
        api('/v1/external/incident/list-histories', { method: 'POST', body: histBody }),
      ]);
      const key = JSON.stringify([d.json.data, hist.json.data]);
      fetchedAt = Date.now();
      if (key !== lastKey) {
        lastKey = key;
        ticket = d.json.data;
        render(ticket, hist.json.data.info);
      }
      markRefreshed();
    } catch (e) {
      if (background) { markRefreshed(e.message); return; }
      if (e.code === 'COC.00067003') sections.head.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, L('not_found', { n: num })));
      else sections.head.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, errorText(e)));
    }
  }

  function render(tk, history) {
    // Keep keyboard focus on the same control when a refresh redraws it.
    const focusedId = document.activeElement?.id;
    const named = (filed, set, key) => () => {
      const e = tk.enum_data_list.find(x => x.filed_key === filed && x.enum_key === key);
      return e ? nameOf(e) : set === 'people' ? personName(key) : set === 'apps' ? appName(key) : enumName(set, key);
    };
    heading.textContent = `${tk.incident_num}`;
    sections.head.replaceChildren(
      h('p', { class: 'ticket-title' }, tk.incident_title),
      h('p', { class: 'badges' }, statusBadge(tk.status, named('work_flow_status', 'statuses', tk.status)), ' ',
        levelBadge(tk.incident_level, named('level_id', 'levels', tk.incident_level)),
        tk.paused_until ? h('span', { class: 'badge paused' }, L('paused_until', { time: () => fmtTime(tk.paused_until) })) : null));

    // Pending request: shown prominently, above everything else that can be done.
    const pr = tk.pending_request;
    sections.pending.replaceChildren(pr ? h('section', { class: 'pending', 'aria-labelledby': 'pending-h', role: 'region' },
      h('h2', { id: 'pending-h' }, L('pending_request'), ': ', L(pr.type === 'pause' ? 'pending_pause' : 'pending_level')),
      h('dl', { class: 'kv' },
        h('dt', null, L('requested_by')), h('dd', null, N(() => personName(pr.requested_by))),
        h('dt', null, L('requested_at')), h('dd', null, fmtTime(pr.requested_at)),
        h('dt', null, L('reason')), h('dd', null, pr.reason ?? ''),
        pr.pause_end_time != null ? [h('dt', null, L('pause_end')), h('dd', null, fmtTime(pr.pause_end_time))] : null,
        pr.target_level != null ? [h('dt', null, L('target_level')), h('dd', null, levelBadge(pr.target_level))] : null),
      L('pending_hint', null, 'p', { class: 'muted' })) : '');

    sections.actions.replaceChildren(
      h('h2', { id: 'actions-h', tabindex: '-1' }, L('actions')),
      tk.allowed_operations.length === 0 ? L('no_actions', null, 'p', { class: 'muted' })
        : h('div', { class: 'buttons' }, tk.allowed_operations.map(k =>
          h('button', { type: 'button', id: `op-${k}`, class: 'op', 'data-op': k, onclick: () => openOperation(tk, k, refresh) },
            N(() => operationLabel(tk, k))))));

    const dd = (v) => h('dd', null, v == null || v === '' ? t('none') : v);
    const time = (ms) => h('dd', null, ms == null ? N(() => t('none')) : h('time', { datetime: new Date(ms).toISOString() }, fmtTime(ms)));
    const list = (arr, fn = (x) => x) => arr.length ? N(() => arr.map(fn).join(', ')) : N(() => t('none'));
    const assignee = tk.incident_assignee[0];
    sections.details.replaceChildren(
      h('h2', { id: 'details-h' }, L('details')),
      h('dl', { class: 'kv details' },
        h('dt', null, L('incident_num')), dd(h('span', { class: 'mono' }, tk.incident_num)),
        h('dt', null, L('incident_title')), dd(tk.incident_title),
        h('dt', null, L('incident_description')), dd(tk.incident_description ? h('span', { class: 'pre' }, tk.incident_description) : null),
        h('dt', null, L('status')), dd(N(named('work_flow_status', 'statuses', tk.status))),
        h('dt', null, L('incident_level')), dd(N(named('level_id', 'levels', tk.incident_level))),
        h('dt', null, L('incident_type')), dd(N(named('mtm_type', 'types', tk.incident_type))),
        h('dt', null, L('incident_source')), dd(N(named('source_id', 'sources', tk.incident_source))),
        h('dt', null, L('incident_ownership')), dd(tk.incident_ownership ? N(() => enumName('ownerships', tk.incident_ownership)) : null),
        h('dt', null, L('is_service_interrupt')), dd(L(tk.is_service_interrupt ? 'yes' : 'no')),
        h('dt', null, L('incident_assignee')), dd(assignee ? N(named('assignee', 'people', assignee)) : null),
        h('dt', null, L('assignee_scene')), dd(tk.assignee_scene),
        h('dt', null, L('assignee_role')), dd(tk.assignee_role),
        h('dt', null, L('creator')), dd(N(named('creator', 'people', tk.creator))),
        h('dt', null, L('region')), dd(list(tk.region)),
        h('dt', null, L('enterprise_project')), dd(list(tk.enterprise_project)),
        h('dt', null, L('current_cloud_service')), dd(tk.current_cloud_service.length
          ? N(named('current_cloud_service_id', 'apps', tk.current_cloud_service[0])) : null),
        h('dt', null, L('warroom_id')), dd(tk.warroom_id ? h('span', { class: 'mono' }, tk.warroom_id) : null),
        h('dt', null, L('create_time')), time(tk.create_time),
        h('dt', null, L('start_time')), time(tk.start_time),
        h('dt', null, L('accept_time')), time(tk.accept_time),
        h('dt', null, L('handle_time')), time(tk.handle_time),
        h('dt', null, L('fault_recovery_time')), time(tk.fault_recovery_time),
        h('dt', null, L('fault_delineation_time')), time(tk.fault_delineation_time),
        h('dt', null, L('complete_time')), time(tk.complete_time)));

    // SLA: final values once known; until then a running clock (paused time excluded).
    const pausedNow = () => tk.paused_until != null && Date.now() < tk.paused_until;
    const pausedMs = () => tk.paused_ms + (pausedNow() ? Date.now() - fetchedAt : 0);
    const tta = () => {
      if (tk.mtta_ms != null) return fmtDur(tk.mtta_ms);
      if (tk.status === 'INCIDENT_STATUS_COMPLETED') return t('none'); // closed without ever being accepted
      return `${fmtDur(Date.now() - tk.create_time)} (${t('running')})`;
    };
    const ttr = () => {
      if (tk.mttr_ms != null) return fmtDur(tk.mttr_ms);
      if (tk.status === 'INCIDENT_STATUS_COMPLETED') return t('none');
      return `${fmtDur(Date.now() - tk.create_time - pausedMs())} (${t(pausedNow() ? 'stopped_paused' : 'running')})`;
    };
    sections.sla.replaceChildren(
      h('h2', { id: 'sla-h' }, L('sla')),
      h('dl', { class: 'kv sla' },
        h('dt', null, L('time_to_accept')), h('dd', { id: 'sla-tta' }, N(tta)),
        h('dt', null, L('time_to_resolve')), h('dd', { id: 'sla-ttr' }, N(ttr)),
        h('dt', null, L('paused_time')), h('dd', { id: 'sla-paused' }, N(() => fmtDur(pausedMs())),
          tk.paused_until ? [' ', L('paused_until', { time: () => fmtTime(tk.paused_until) }, 'span', { class: 'muted' })] : null)));

    sections.files.replaceChildren(...(tk.attachments.length === 0
      ? [L('no_attachments', null, 'li', { class: 'muted' })]
      : tk.attachments.map(a => h('li', null,
        h('span', { class: 'file-name' }, a.doc_name), ' ',
        h('span', { class: 'muted' }, `${formatSize(a.size)} · ${fmtTime(a.uploaded_at)}`), ' ',
        trAttr(h('button', { type: 'button', class: 'small', onclick: () => download(a) }, L('download')),
          'aria-label', () => `${t('download')} ${a.doc_name}`)))));
    uploadForm.dataset.count = String(tk.attachments.length);

    sections.timeline.replaceChildren(...(history.length === 0
      ? [L('no_history', null, 'li', { class: 'muted' })]
      : history.map(entry => timelineEntry(entry))));

    if (focusedId && document.activeElement?.id !== focusedId) {
      // The control that had focus may be gone (e.g. the operation just ran): fall back to the actions heading.
      (document.getElementById(focusedId) ?? document.getElementById('actions-h'))?.focus({ preventScroll: true });
    }
  }

  function timelineEntry(e) {
    const p = e.parameter && typeof e.parameter === 'object' ? Object.entries(e.parameter) : [];
    return h('li', { class: 'tl-item', 'data-action': e.action },
      h('div', { class: 'tl-head' },
        h('strong', { class: 'tl-action' }, N(() => state.lang === 'zh' ? e.action_name_zh : e.action_name_en)),
        ' ', h('span', { class: 'muted' }, L('by'), ' '), h('span', { class: 'tl-operator' }, N(() => personName(e.operator))),
        ' ', h('time', { datetime: new Date(e.start_time).toISOString(), class: 'muted' }, fmtTime(e.start_time))),
      h('div', { class: 'tl-status' },
        e.from_status && e.from_status !== (e.to_status ?? e.status) ? [statusBadge(e.from_status), ' → '] : null,
        statusBadge(e.to_status ?? e.status)),
      p.length ? h('dl', { class: 'kv params', 'aria-label': 'parameters' },
        p.map(([k, v]) => [h('dt', null, N(() => paramLabel(k))), h('dd', { class: 'pre' }, N(() => paramValue(k, v)))])) : null);
  }

  function buildUpload() {
    const input = h('input', { type: 'file', id: 'upload-file', name: 'file', accept: '.jpg,.jpeg,.png,.docx,.txt,.pdf' });
    const err = h('div', { class: 'form-error', role: 'alert', id: 'upload-error' });
    const button = h('button', { type: 'submit' }, L('upload'));
    const form = h('form', { class: 'upload', 'aria-label': 'upload' },
      h('div', { class: 'field' }, h('label', { for: 'upload-file' }, L('file')), input), err, h('div', { class: 'buttons' }, button));
    trAttr(form, 'aria-label', () => t('upload'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      err.replaceChildren();
      const file = input.files[0];
      const ext = file ? file.name.split('.').pop().toLowerCase() : '';
      const problem = !file ? 'v_file_missing'
        : file.size > MAX_FILE_BYTES ? 'v_file_size'
        : !FILE_TYPES.includes(ext) ? 'v_file_type'
        : Number(form.dataset.count || 0) >= MAX_FILES ? 'v_file_count' : null;
      if (problem) { err.replaceChildren(L(problem)); input.focus(); return; }
      const fd = new FormData();
      fd.append('file', file, file.name);
      fd.append('incident_num', num);
      button.disabled = true;
      button.replaceChildren(L('uploading'));
      try {
        await api('/v1/external/incident/attachments', { method: 'POST', form: fd });
        input.value = '';
        flash(() => t('uploaded', { name: file.name }));
        await refresh();
      } catch (e) {
        err.replaceChildren(h('strong', null, L('error_prefix'), ': '), errorText(e));
      } finally {
        button.disabled = false;
        button.replaceChildren(L('upload'));
      }
    });
    return form;
  }

  async function download(a) {
    try {
      const headers = state.token ? { 'X-Auth-Token': state.token } : {};
      const res = await fetch(`/v1/external/incident/attachments/${encodeURIComponent(a.doc_id)}`, { headers });
      if (!res.ok) {
        let msg = res.statusText;
        try { msg = (await res.json()).error_msg ?? msg; } catch { /* not JSON */ }
        throw new Error(msg);
      }
      const url = URL.createObjectURL(await res.blob());
      const link = h('a', { href: url, download: a.doc_name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30000);
    } catch (e) {
      flash(() => e.message, 'error');
    }
  }

  return {
    name: 'ticket', el, refresh,
    title: () => num,
    update(r) { return r.num === num; },
    dispose() { clearInterval(ticker); closeDialog(); },
  };
}

function formatSize(n) {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`;
}

function operationLabel(tk, key) {
  const base = opName(key);
  if (key === 'agreed' || key === 'rejected') {
    if (tk.pending_request) return `${base} (${t(tk.pending_request.type === 'pause' ? 'pending_pause' : 'pending_level')})`;
  }
  return base;
}

const PARAM_SETS = {
  mtm_type: 'types', level_id: 'levels', virtual_target_level: 'levels', source_id: 'sources', incident_ownership: 'ownerships',
};
const PARAM_PEOPLE = ['virtual_send_assignee', 'assignee'];
const PARAM_TIMES = ['start_time', 'fault_recovery_time', 'pause_end_time'];

function paramLabel(k) {
  const label = LABELS[state.lang][k] ?? LABELS.en[k];
  return label ? `${label} (${k})` : k;
}

function paramValue(k, v) {
  if (v == null) return t('none');
  if (typeof v === 'boolean' || v === 'true' || v === 'false') return t(String(v) === 'true' ? 'yes' : 'no');
  if (PARAM_SETS[k]) return enumName(PARAM_SETS[k], v);
  if (PARAM_TIMES.includes(k) && /^\d+$/.test(String(v))) return fmtTime(Number(v));
  if (PARAM_PEOPLE.includes(k)) return Array.isArray(v) ? v.map(personName).join(', ') : personName(v);
  if (k === 'current_cloud_service_id' && Array.isArray(v)) return v.map(appName).join(', ');
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// ------------------------------------------------------------------------------------ operation dialog

function closeDialog() {
  const dlg = document.getElementById('op-dialog');
  if (dlg.open) dlg.close();
}

function openOperation(tk, key, refresh) {
  const spec = OPERATIONS[key];
  const dlg = document.getElementById('op-dialog');
  const ctx = { ticket: tk, ref: state.ref, operator: state.operator, t, now: Date.now() };
  const form = buildForm(`op-${key}`, spec.fields(ctx));
  const err = h('div', { class: 'form-error', role: 'alert', id: 'op-error' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'op-submit' }, L('submit'));
  const hint = spec.hint ? N(() => spec.hint(ctx), 'p', { class: 'muted' }) : null;
  const f = h('form', { method: 'dialog', class: 'op-form', novalidate: true },
    h('h2', { id: 'op-dialog-h' }, N(() => operationLabel(tk, key)), ' · ', h('span', { class: 'mono small' }, tk.incident_num)),
    hint, form.el, err,
    h('div', { class: 'buttons' }, submit,
      h('button', { type: 'button', onclick: () => dlg.close() }, L('cancel'))));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    const values = form.values();
    const errors = form.validate(values, spec.check ? spec.check(values, ctx) : []);
    if (errors) return;
    const parameter = spec.parameter(values, ctx);
    submit.disabled = true;
    submit.replaceChildren(L('sending'));
    try {
      const body = { incident_num: tk.incident_num, operator: state.operator ?? '', operate_key: key };
      if (parameter !== undefined) body.parameter = parameter;
      await api('/v1/external/incident/handle', { method: 'POST', body });
      dlg.close();
      flash(() => t('done', { op: operationLabel(tk, key) }));
      await refresh();
    } catch (e) {
      err.replaceChildren(h('strong', null, L('error_prefix'), ': '), h('span', { class: 'api-error' }, e.message),
        e.code ? h('span', { class: 'muted' }, ` (${e.code}, HTTP ${e.status})`) : null);
      refresh(true); // the ticket probably changed underneath: show what it is now
    } finally {
      submit.disabled = false;
      submit.replaceChildren(L('submit'));
    }
  });
  dlg.replaceChildren(f);
  dlg.setAttribute('aria-labelledby', 'op-dialog-h');
  relabel(dlg);
  dlg.showModal();
  (f.querySelector('input:not([type=hidden]), select, textarea') ?? submit).focus();
}

// ------------------------------------------------------------------------------------------ form kit

/**
 * Builds labelled controls from field specs:
 *   { name, label?, kind: text|textarea|select|bool|datetime|radio, required?, max?, options?: () => [{value, label: () => string}],
 *     value?, hint?: () => string, showIf?: (values) => bool, trueLabel?, falseLabel? }
 * validate(values, extra) shows the API's rules (required, max length) and extra [{field, msg: () => string}] inline.
 */
export function buildForm(prefix, fields) {
  const parts = {};
  const el = h('div', { class: 'form-fields' });
  for (const f of fields) {
    const id = `${prefix}-${f.name}`;
    const labelKey = f.label ?? f.name;
    const hintEl = f.hint ? N(f.hint, 'p', { class: 'hint', id: `${id}-hint` }) : null;
    const errEl = h('p', { class: 'field-error', id: `${id}-error` });
    const describedBy = [hintEl ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
    let control;
    let wrap;
    if (f.kind === 'bool' || f.kind === 'radio') {
      const choices = f.kind === 'bool'
        ? [{ value: 'true', label: () => t(f.trueLabel ?? 'yes') }, { value: 'false', label: () => t(f.falseLabel ?? 'no') }]
        : f.options();
      const initial = f.value == null ? null : String(f.value);
      control = choices.map((c, i) => h('input', { type: 'radio', name: id, id: `${id}-${i}`, value: c.value, checked: initial === c.value,
        'aria-describedby': describedBy }));
      wrap = h('fieldset', { class: 'field radios', id, 'data-field': f.name },
        h('legend', null, L(labelKey), f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
        choices.map((c, i) => h('label', { for: `${id}-${i}`, class: 'radio' }, control[i], ' ', N(c.label))),
        hintEl, errEl);
      for (const r of control) r.addEventListener('change', () => { update(); clearError(f.name); });
    } else {
      const common = { id, name: f.name, 'aria-describedby': describedBy, 'aria-required': f.required ? 'true' : null };
      if (f.kind === 'textarea') control = h('textarea', { ...common, rows: f.rows ?? 4, maxlength: f.max ?? 255, value: f.value ?? '' });
      else if (f.kind === 'select') {
        control = h('select', common,
          f.required && f.value ? null : L(f.required ? 'choose' : 'none', null, 'option', { value: '' }),
          f.options().map(o => N(o.label, 'option', { value: o.value })));
        control.value = f.value ?? '';
      } else if (f.kind === 'datetime') control = h('input', { ...common, type: 'datetime-local', step: 1, value: toLocalInput(f.value) });
      else control = h('input', { ...common, type: 'text', maxlength: f.max ?? 255, value: f.value ?? '', autocomplete: 'off' });
      wrap = h('div', { class: 'field', 'data-field': f.name },
        h('label', { for: id }, L(labelKey), f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
        control, hintEl, errEl);
      control.addEventListener('input', () => clearError(f.name));
      control.addEventListener('change', () => { update(); clearError(f.name); });
    }
    parts[f.name] = { f, control, wrap, errEl, initial: null };
    el.append(wrap);
  }
  for (const p of Object.values(parts)) p.initial = read(p);

  function read(p) {
    const c = p.control;
    if (Array.isArray(c)) return c.find(r => r.checked)?.value ?? null;
    if (p.f.kind === 'datetime') {
      if (!c.value) return null;
      const ms = new Date(c.value).getTime();
      return Number.isNaN(ms) ? null : ms;
    }
    return c.value;
  }
  function values() {
    const v = {};
    for (const [name, p] of Object.entries(parts)) {
      const raw = read(p);
      v[name] = p.f.kind === 'bool' ? (raw == null ? null : raw === 'true') : raw;
      v[name + '$changed'] = raw !== p.initial;
    }
    return v;
  }
  function update() {
    const v = values();
    for (const p of Object.values(parts)) if (p.f.showIf) p.wrap.hidden = !p.f.showIf(v);
    for (const p of Object.values(parts)) p.f.onUpdate?.(v, p);
  }
  function clearError(name) {
    const p = parts[name];
    p.errEl.replaceChildren();
    (Array.isArray(p.control) ? p.control : [p.control]).forEach(c => c.removeAttribute('aria-invalid'));
  }
  function setError(name, fn) {
    const p = parts[name];
    if (!p || p.errEl.childNodes.length) return;
    p.errEl.replaceChildren(N(fn));
    (Array.isArray(p.control) ? p.control : [p.control]).forEach(c => c.setAttribute('aria-invalid', 'true'));
  }
  /** Returns true when there are errors (shown next to their fields; the first one gets focus). */
  function validate(v, extra = []) {
    for (const name of Object.keys(parts)) clearError(name);
    const errors = [];
    for (const [name, p] of Object.entries(parts)) {
      if (p.wrap.hidden) continue;
      const val = v[name];
      const label = () => t(p.f.label ?? name);
      if (p.f.required && (val == null || val === '')) errors.push({ field: name, msg: () => t('v_required', { field: label }) });
      else if (typeof val === 'string' && val.length > (p.f.max ?? 255)) {
        errors.push({ field: name, msg: () => t('v_max', { field: label, max: p.f.max ?? 255, len: val.length }) });
      }
    }
    errors.push(...extra);
    for (const e of errors) setError(e.field, e.msg);
    if (errors.length) {
      const first = parts[errors[0].field];
      (Array.isArray(first.control) ? first.control[0] : first.control).focus();
      return errors;
    }
    return null;
  }
  update();
  return { el, values, validate, parts };
}

// ----------------------------------------------------------------------------------------- create view

function createView() {
  const ref = state.ref;
  const opts = (set) => () => ref.catalog[set].map(e => ({ value: e.key, label: () => nameOf(e) }));
  const people = () => ref.directory.people.map(p => ({ value: p.id, label: () => personLabel(p) }));
  const scenes = () => [...new Set((ref.directory.schedules ?? []).map(s => s.scene))].map(s => ({ value: s, label: () => s }));
  const roles = () => [...new Set((ref.directory.schedules ?? []).map(s => s.role))].map(s => ({ value: s, label: () => s }));
  const warLevels = [...new Set(ref.warroom_rules.flatMap(r => r.levels))];
  const onDutyEl = h('p', { class: 'hint', id: 'c-onduty', 'aria-live': 'polite' });
  const fields = [
    { name: 'incident_title', kind: 'text', required: true, max: 200 },
    { name: 'incident_description', kind: 'textarea', max: 600 },
    { name: 'incident_level', kind: 'select', required: true, options: opts('levels') },
    { name: 'incident_type', kind: 'select', required: true, options: opts('types') },
    { name: 'incident_source', kind: 'select', required: true, options: opts('sources'), value: 'incident_source_manual' },
    { name: 'is_service_interrupt', kind: 'bool', required: true, value: false },
    { name: 'incident_ownership', kind: 'select', options: opts('ownerships') },
    { name: 'assign_mode', label: 'assign_to', kind: 'radio', required: true, value: 'person',
      options: () => [{ value: 'person', label: () => t('assign_person') }, { value: 'schedule', label: () => t('assign_schedule') }] },
    { name: 'incident_assignee', kind: 'select', options: people, showIf: v => v.assign_mode !== 'schedule' },
    { name: 'assignee_scene', kind: 'select', options: scenes, showIf: v => v.assign_mode === 'schedule' },
    { name: 'assignee_role', kind: 'select', options: roles, showIf: v => v.assign_mode === 'schedule',
      onUpdate: (v, p) => {
        const slot = (ref.directory.schedules ?? []).find(s => s.scene === v.assignee_scene && s.role === v.assignee_role);
        onDutyEl.replaceChildren(v.assign_mode !== 'schedule' || !v.assignee_scene || !v.assignee_role ? ''
          : slot ? L('on_duty', { name: () => personName(slot.person) }) : L('nobody_on_duty'));
        if (!onDutyEl.isConnected) p.wrap.append(onDutyEl);
      } },
    { name: 'creator', kind: 'select', required: true, options: people, value: state.operator },
    { name: 'region', kind: 'text', max: 255, hint: () => t('region_hint', { levels: warLevels.map(l => enumName('levels', l)).join(', ') }) },
    { name: 'enterprise_project', kind: 'text', max: 255 },
    { name: 'current_cloud_service', kind: 'select',
      options: () => (ref.directory.applications ?? []).map(a => ({ value: a.id, label: () => nameOf(a) })) },
    { name: 'start_time', kind: 'datetime' },
  ];
  const form = buildForm('c', fields);
  const err = h('div', { class: 'form-error', role: 'alert', id: 'create-error' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'create-submit' }, L('create'));
  const f = h('form', { class: 'card create', novalidate: true, 'aria-labelledby': 'new-h' }, form.el, err, h('div', { class: 'buttons' }, submit));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    const v = form.values();
    const extra = [];
    if (v.incident_title && !v.incident_title.trim()) extra.push({ field: 'incident_title', msg: () => t('v_blank', { field: () => t('incident_title') }) });
    if (v.assign_mode === 'schedule' ? !(v.assignee_scene && v.assignee_role) : !v.incident_assignee) {
      extra.push({ field: v.assign_mode === 'schedule' ? (v.assignee_scene ? 'assignee_role' : 'assignee_scene') : 'incident_assignee', msg: () => t('v_assignee_rule') });
    }
    if (v.start_time != null && v.start_time > Date.now() + 5 * 60000) extra.push({ field: 'start_time', msg: () => t('v_start_future', { field: () => t('start_time') }) });
    if (v.incident_level && !v.region && warRoomMatches(v.incident_level, v.current_cloud_service ? [v.current_cloud_service] : [], null)) {
      extra.push({ field: 'region', msg: () => t('v_region_warroom', { level: v.incident_level }) });
    }
    if (form.validate(v, extra)) return;
    const body = {
      incident_level: v.incident_level, is_service_interrupt: v.is_service_interrupt, incident_type: v.incident_type,
      incident_title: v.incident_title, incident_source: v.incident_source, creator: v.creator,
    };
    if (v.incident_description) body.incident_description = v.incident_description;
    if (v.incident_ownership) body.incident_ownership = v.incident_ownership;
    if (v.region) body.region = [v.region];
    if (v.enterprise_project) body.enterprise_project = [v.enterprise_project];
    if (v.current_cloud_service) body.current_cloud_service = [v.current_cloud_service];
    if (v.assign_mode === 'schedule') { body.assignee_scene = v.assignee_scene; body.assignee_role = v.assignee_role; }
    else body.incident_assignee = [v.incident_assignee];
    if (v.start_time != null) body.start_time = v.start_time;
    submit.disabled = true;
    submit.replaceChildren(L('creating'));
    try {
      const { json } = await api('/v1/external/incident/create', { method: 'POST', body });
      const n = json.data.incident_num;
      flash(() => t('created', { n }));
      location.hash = `#/ticket/${encodeURIComponent(n)}`;
    } catch (e) {
      err.replaceChildren(h('strong', null, L('error_prefix'), ': '), h('span', { class: 'api-error' }, e.message),
        e.code ? h('span', { class: 'muted' }, ` (${e.code}, HTTP ${e.status})`) : null);
      submit.disabled = false;
      submit.replaceChildren(L('create'));
    }
  });
  const el = h('section', { class: 'view-new', 'aria-labelledby': 'new-h' },
    h('h1', { id: 'new-h', tabindex: '-1' }, L('new_title')), f);
  return { name: 'new', el, title: () => t('new_title'), update: () => true };
}

export function warRoomMatches(level, applications, region) {
  return (state.ref?.warroom_rules ?? []).some(r => r.levels.includes(level)
    && (!r.applications || r.applications.length === 0 || applications.some(a => r.applications.includes(a)))
    && (!r.region || !region || r.region === region));
}

// ----------------------------------------------------------------------------------------------- boot

async function boot() {
  const langSel = document.getElementById('lang');
  langSel.value = state.lang;
  langSel.addEventListener('change', () => {
    state.lang = langSel.value === 'zh' ? 'zh' : 'en';
    localStorage.setItem('coc.lang', state.lang);
    relabel();
  });
  const opSel = document.getElementById('operator');
  opSel.addEventListener('change', () => {
    state.operator = opSel.value;
    localStorage.setItem('coc.operator', state.operator);
  });
  document.getElementById('signout').addEventListener('click', signOut);
  document.getElementById('skip').addEventListener('click', (ev) => {
    ev.preventDefault();
    document.getElementById('main').focus();
  });
  const live = document.getElementById('live');
  live.addEventListener('change', () => { state.live = live.checked; });
  window.addEventListener('hashchange', () => route());
  relabel();
  try {
    const res = await fetch('/v1/console/config', { cache: 'no-store' });
    state.mode = (await res.json()).mode === 'emulator' ? 'emulator' : 'secure';
  } catch (e) {
    return showFatal(e);
  }
  document.body.dataset.mode = state.mode;
  await route();
}

boot();
