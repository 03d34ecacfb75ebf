// The ticket list: GET /v1/incident-tickets (offset = page number) with filters, newest first, paged.
import { h } from '../dom.js';
import { t, N, L, trAttr } from '../i18n.js';
import { api, errorText } from '../api.js';
import { reference, limits } from '../rules.js';
import { nameOf, personName } from '../names.js';
import { fmtTime } from '../format.js';
import { markRefreshed } from '../shell.js';
import { statusBadge, levelBadge, pagerControls } from '../widgets.js';

const FILTERS = ['status', 'level', 'assignee', 'creator', 'q'];

export function listView(initial) {
  let q = initial;
  let lastKey = null;
  const peopleList = h('datalist', { id: 'people-list' },
    reference().directory.people.map(p => N(() => nameOf(p), 'option', { value: p.id })));
  const enumSelect = (id, set) => h('select', { id, name: id },
    L('any', null, 'option', { value: '' }),
    reference().catalog[set].map(e => N(() => nameOf(e), 'option', { value: e.key })));
  const controls = {
    status: enumSelect('f-status', 'statuses'),
    level: enumSelect('f-level', 'levels'),
    assignee: h('input', { id: 'f-assignee', name: 'assignee', list: 'people-list', autocomplete: 'off', maxlength: limits().text }),
    creator: h('input', { id: 'f-creator', name: 'creator', list: 'people-list', autocomplete: 'off', maxlength: limits().text }),
    q: h('input', { id: 'f-q', name: 'q', type: 'search', maxlength: limits().text }),
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
  const newBar = h('div', { id: 'new-tickets', class: 'new-tickets', role: 'status' });
  let pending = null; // the latest list read in the background, shown when the user asks for the new tickets
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
    h('div', { class: 'card table-card' }, summary, newBar, h('div', { class: 'table-wrap' }, table), pager));

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
      if (key !== lastKey) {
        lastKey = key;
        if (background && tbody.querySelector('tr[data-ticket]')) merge(json.data);
        else render(json.data);
      }
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

  function summarize(data) {
    const pages = Math.max(1, Math.ceil(data.total / limit()));
    summary.replaceChildren(L('total', { n: data.total.toLocaleString() }), ' · ', L('page_of', { page: page(), pages }));
    return pages;
  }

  /** The cells after the number (whose link may have the keyboard focus, so it is never redrawn). */
  const cellsOf = (r) => [
    h('td', { class: 'title-cell' }, r.title),
    h('td', null, statusBadge(r.status)),
    h('td', null, levelBadge(r.level)),
    h('td', null, N(() => r.assignee.map(personName).join(', ') || t('none'))),
    h('td', null, N(() => personName(r.creator))),
    h('td', { class: 'nowrap' }, r.create_time == null ? '' : h('time', { datetime: new Date(r.create_time).toISOString() }, fmtTime(r.create_time)))];

  function rowOf(r) {
    const tr = h('tr', { 'data-ticket': r.ticket_id },
      h('td', null, h('a', { href: `#/ticket/${encodeURIComponent(r.ticket_id)}`, class: 'mono' }, r.ticket_id)), cellsOf(r));
    tr._key = JSON.stringify(r);
    return tr;
  }

  /** A background update: rows on screen change in place; tickets not on screen are announced, not inserted under
   * the pointer ("N new — show" redraws the page). */
  function merge(data) {
    summarize(data);
    const shown = new Map([...tbody.querySelectorAll('tr[data-ticket]')].map(tr => [tr.dataset.ticket, tr]));
    let fresh = 0;
    for (const r of data.IncidentSimpleTicketInfos) {
      const tr = shown.get(r.ticket_id);
      if (!tr) { fresh++; continue; }
      const key = JSON.stringify(r);
      if (tr._key === key) continue;
      tr._key = key;
      // the number cell stays in the document (moving it would drop the keyboard focus): only the others are redrawn
      while (tr.lastElementChild !== tr.firstElementChild) tr.lastElementChild.remove();
      tr.append(...cellsOf(r));
    }
    pending = data;
    announce(fresh);
  }

  function announce(n) {
    if (n === 0) { newBar.replaceChildren(); return; }
    newBar.replaceChildren(h('button', { type: 'button', id: 'show-new', class: 'small', onclick: () => { if (pending) render(pending); } },
      L('new_tickets_show', { n })));
  }

  function render(data) {
    pending = null;
    newBar.replaceChildren();
    const pages = summarize(data);
    const rows = data.IncidentSimpleTicketInfos;
    tbody.replaceChildren(...(rows.length === 0
      ? [h('tr', null, h('td', { colspan: 7, class: 'empty' }, L('no_tickets')))]
      : rows.map(rowOf)));
    pager.replaceChildren(...pagerControls(page(), pages, limit(), goPage, (size) => {
      const next = Object.fromEntries(q.entries()); next.limit = size; next.page = '1'; go(next);
    }));
  }

  syncForm();
  return {
    name: 'list', el, refresh,
    title: () => t('tickets_title'),
    update(r) { q = r.q; syncForm(); lastKey = null; refresh(); return true; },
    live: (e) => e.type.startsWith('incident.'),
  };
}
