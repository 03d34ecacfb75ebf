// The WarRoom list: POST /v1/external/warrooms/list with the filters it offers (incident, title, level, admin, status,
// start time), newest first, paged, with the counts as status tabs (total_num / running_num / closed_num). Live.
import { h } from '../dom.js';
import { t, N, L, trAttr } from '../i18n.js';
import { errorText } from '../api.js';
import { reference, limits } from '../rules.js';
import { nameOf, personName } from '../names.js';
import { markRefreshed } from '../shell.js';
import { levelBadge, pagerControls, timeEl } from '../widgets.js';
import { listWarRooms, warRoomStatusBadge, minutes, RUNNING, CLOSED } from '../warrooms.js';

const FILTERS = ['incident', 'title', 'level', 'admin', 'days'];
const DAYS = ['7', '30', '90', '365', 'any'];
const COLUMNS = ['wr_col_num', 'wr_title', 'wr_col_incident', 'wr_level', 'wr_col_status', 'wr_admin', 'wr_start', 'wr_close', 'wr_duration'];

export function warRoomListView(initial) {
  let q = initial;
  let lastKey = null;
  const people = reference().directory.people;
  const controls = {
    incident: h('input', { id: 'wr-f-incident', name: 'incident', autocomplete: 'off', maxlength: 64 }),
    title: h('input', { id: 'wr-f-title', name: 'title', type: 'search', maxlength: limits().text }),
    level: h('select', { id: 'wr-f-level', name: 'level' }, L('any', null, 'option', { value: '' }),
      reference().catalog.levels.map(e => N(() => nameOf(e), 'option', { value: e.key }))),
    admin: h('select', { id: 'wr-f-admin', name: 'admin' }, L('any', null, 'option', { value: '' }),
      people.map(p => N(() => nameOf(p), 'option', { value: p.id }))),
    days: h('select', { id: 'wr-f-days', name: 'days' }, DAYS.map(d => L(`wr_days_${d}`, null, 'option', { value: d }))),
  };
  const labels = { incident: 'wr_f_incident', title: 'wr_f_title', level: 'wr_level', admin: 'wr_admin', days: 'wr_f_days' };
  const filterForm = h('form', { class: 'filters card', role: 'search', 'aria-labelledby': 'wr-filters-h' },
    h('h2', { id: 'wr-filters-h', class: 'sr-only' }, L('filters')),
    FILTERS.map(f => h('div', { class: `field f-${f}` }, h('label', { for: controls[f].id }, L(labels[f])), controls[f])),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', class: 'primary' }, L('apply')),
      h('button', { type: 'button', onclick: () => go({}) }, L('reset'))));
  filterForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    go({ ...formValues(), ...(q.get('status') ? { status: q.get('status') } : {}) });
  });
  for (const f of ['level', 'admin', 'days']) controls[f].addEventListener('change', () => filterForm.requestSubmit());

  // The status tabs carry the counts: every filter but the status (warrooms.md, List).
  const tab = (status, key, id) => {
    const count = h('span', { class: 'count', id }, '');
    const b = h('button', { type: 'button', class: 'tab', 'data-status-tab': status, onclick: () => go({ ...formValues(), ...(status ? { status } : {}) }) },
      L(key), ' ', count);
    return { b, count };
  };
  const tabs = { '': tab('', 'wr_all', 'wr-count-all'), [RUNNING]: tab(RUNNING, 'wr_running', 'wr-count-running'), [CLOSED]: tab(CLOSED, 'wr_closed', 'wr-count-closed') };
  const tabBar = h('div', { class: 'tabs buttons', role: 'group', 'aria-label': 'status' }, Object.values(tabs).map(x => x.b));
  trAttr(tabBar, 'aria-label', () => t('wr_col_status'));

  const summary = h('p', { id: 'wr-summary', class: 'muted', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const table = h('table', { class: 'tickets warrooms', id: 'wr-table', 'aria-describedby': 'wr-summary' },
    h('caption', { class: 'sr-only' }, L('wr_caption')),
    h('thead', null, h('tr', null, COLUMNS.map(k => h('th', { scope: 'col' }, L(k))))),
    tbody);
  const pager = h('nav', { class: 'pager', 'aria-label': 'pagination' });
  trAttr(pager, 'aria-label', () => t('pagination'));

  const el = h('section', { class: 'view-warrooms', 'aria-labelledby': 'wr-h' },
    h('h1', { id: 'wr-h', tabindex: '-1' }, L('wr_title_page')),
    filterForm,
    h('div', { class: 'card table-card' }, tabBar, summary, h('div', { class: 'table-wrap' }, table), pager));

  function formValues() {
    const next = {};
    for (const f of FILTERS) if (controls[f].value.trim() && !(f === 'days' && controls[f].value === '30')) next[f] = controls[f].value.trim();
    if (q.get('limit')) next.limit = q.get('limit');
    return next;
  }
  function page() { return Math.max(1, parseInt(q.get('page') || '1', 10) || 1); }
  function limit() { const l = parseInt(q.get('limit') || '20', 10); return [10, 20, 50, 100].includes(l) ? l : 20; }
  function go(next) {
    const qs = new URLSearchParams(next).toString();
    location.hash = '#/warrooms' + (qs ? '?' + qs : '');
  }
  function goPage(p) { go({ ...Object.fromEntries(q.entries()), page: String(p) }); }
  function syncForm() {
    for (const f of FILTERS) controls[f].value = q.get(f) ?? (f === 'days' ? '30' : '');
    if (!DAYS.includes(controls.days.value)) controls.days.value = '30';
    const status = q.get('status') ?? '';
    for (const [s, x] of Object.entries(tabs)) x.b.setAttribute('aria-pressed', String(s === status));
  }

  function filters() {
    const f = {};
    if (q.get('incident')) f.incident_num = q.get('incident');
    if (q.get('title')) f.title = q.get('title');
    if (q.get('level')) f.incident_levels = [q.get('level')];
    if (q.get('admin')) f.admin = [q.get('admin')];
    if (q.get('status') === RUNNING || q.get('status') === CLOSED) f.status = [q.get('status')];
    return f;
  }

  async function refresh(background) {
    const asked = q.toString();
    const days = q.get('days') === 'any' ? null : Number(DAYS.includes(q.get('days')) ? q.get('days') : 30);
    try {
      const data = await listWarRooms(filters(), { days, offset: (page() - 1) * limit(), limit: limit() });
      if (asked !== q.toString()) return; // the filters changed while this was in flight
      const key = JSON.stringify(data);
      if (key !== lastKey) { lastKey = key; render(data); }
      markRefreshed();
    } catch (e) {
      if (background) markRefreshed(e.message);
      else { summary.textContent = errorText(e); tbody.replaceChildren(); }
    }
  }

  function render(data) {
    tabs[''].count.textContent = String(data.total_num);
    tabs[RUNNING].count.textContent = String(data.running_num);
    tabs[CLOSED].count.textContent = String(data.closed_num);
    const pages = Math.max(1, Math.ceil(data.total / limit()));
    summary.replaceChildren(L('wr_total', { n: data.total.toLocaleString() }), ' · ', L('page_of', { page: page(), pages }));
    tbody.replaceChildren(...(data.list.length === 0
      ? [h('tr', null, h('td', { colspan: COLUMNS.length, class: 'empty' }, L('wr_none')))]
      : data.list.map(w => h('tr', { 'data-warroom': w.war_room_num },
        h('td', { class: 'mono' }, w.war_room_num),
        h('td', { class: 'title-cell' }, w.title ?? ''),
        h('td', null, h('a', { href: `#/ticket/${encodeURIComponent(w.incident.incident_id)}`, class: 'mono' }, w.incident.incident_id)),
        h('td', null, levelBadge(w.circular_level)),
        h('td', null, warRoomStatusBadge(w)),
        h('td', null, N(() => personName(w.admin))),
        h('td', { class: 'nowrap' }, timeEl(w.create_time)),
        h('td', { class: 'nowrap' }, timeEl(w.close_time)),
        h('td', { class: 'nowrap' }, N(() => minutes(w.processing_duration)))))));
    pager.replaceChildren(...pagerControls(page(), pages, limit(), goPage,
      (size) => go({ ...Object.fromEntries(q.entries()), limit: size, page: '1' })));
  }

  syncForm();
  return {
    name: 'warrooms', el, refresh,
    title: () => t('wr_title_page'),
    update(r) { q = r.q; syncForm(); lastKey = null; refresh(); return true; },
  };
}
