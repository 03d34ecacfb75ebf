// The ticket list (the on-call desk's triage list): GET /v1/incident-tickets (offset = page number) with filters
// and a sort, paged. The view (filters + sort) lives in the URL (views/list-query.js); rows and columns in
// views/list-rows.js; keyboard shortcuts in views/list-keys.js.
import { h } from '../dom.js';
import { t, N, L, trAttr } from '../i18n.js';
import { api, errorText } from '../api.js';
import { reference, limits } from '../rules.js';
import { nameOf } from '../names.js';
import { actingPerson, markRefreshed } from '../shell.js';
import { pagerControls, flash } from '../widgets.js';
import { readView, viewQuery, apiQuery, toggledSort, columnOf, SORTS, TEXT_FILTERS, LIST_FILTERS } from './list-query.js';
import { COLUMNS, headerRow, ticketRow, tickAges } from './list-rows.js';
import { listKeys } from './list-keys.js';

/** "By column: Level, descending", or '' when the sort is not a column's. */
function columnSortLabel(sort) {
  const column = columnOf(sort);
  return column ? t('sort_column', { col: t(column), dir: t(sort.startsWith('-') ? 'sort_desc' : 'sort_asc') }) : '';
}

export function listView(initial) {
  let view = readView(initial);
  let lastKey = null;
  const peopleList = h('datalist', { id: 'people-list' },
    reference().directory.people.map(p => N(() => nameOf(p), 'option', { value: p.id })));
  const enumSelect = (id, set) => h('select', { id, name: id, multiple: true, size: 3 },
    reference().catalog[set].map(e => N(() => nameOf(e), 'option', { value: e.key })));
  const controls = {
    status: enumSelect('f-status', 'statuses'),
    level: enumSelect('f-level', 'levels'),
    assignee: h('input', { id: 'f-assignee', name: 'assignee', list: 'people-list', autocomplete: 'off', maxlength: limits().text }),
    creator: h('input', { id: 'f-creator', name: 'creator', list: 'people-list', autocomplete: 'off', maxlength: limits().text }),
    q: h('input', { id: 'f-q', name: 'q', type: 'search', maxlength: limits().text }),
  };
  // A column sort (a header click) shows as one more option, so changing a filter keeps it.
  const columnSort = N(() => columnSortLabel(view.sort), 'option', { value: '' });
  const sortSel = h('select', { id: 'f-sort', name: 'sort' },
    L('sort_default', null, 'option', { value: '' }), SORTS.map(([v, k]) => L(k, null, 'option', { value: v })), columnSort);
  const mine = h('input', { id: 'f-mine', name: 'mine', type: 'checkbox' });
  const labels = { status: 'f_status', level: 'f_level', assignee: 'f_assignee', creator: 'f_creator', q: 'f_search' };
  const filterForm = h('form', { class: 'filters card', role: 'search', 'aria-labelledby': 'filters-h' },
    h('h2', { id: 'filters-h', class: 'sr-only' }, L('filters')),
    [...LIST_FILTERS, ...TEXT_FILTERS].map(f => h('div', { class: `field f-${f}` }, h('label', { for: controls[f].id }, L(labels[f])), controls[f])),
    h('div', { class: 'field f-sort' }, h('label', { for: 'f-sort' }, L('f_sort')), sortSel),
    h('div', { class: 'field f-mine' }, h('label', { class: 'check', for: 'f-mine' }, mine, ' ', L('f_mine'))),
    peopleList,
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', class: 'primary' }, L('apply')),
      h('button', { type: 'button', onclick: () => { location.hash = '#/'; } }, L('reset')),
      h('button', { type: 'button', class: 'keys-btn', onclick: () => keys.help.showModal() }, L('keys_button'))));
  filterForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const next = { ...formView(), page: 1, limit: view.limit };
    go(next);
  });
  for (const el of [controls.status, controls.level, sortSel, mine]) el.addEventListener('change', () => filterForm.requestSubmit());

  function formView() {
    const v = { sort: sortSel.value, mine: mine.checked };
    for (const f of LIST_FILTERS) v[f] = [...controls[f].selectedOptions].map(o => o.value);
    for (const f of TEXT_FILTERS) v[f] = controls[f].value.trim();
    return v;
  }

  const summary = h('p', { id: 'list-summary', class: 'muted', 'aria-live': 'polite' });
  const newBar = h('div', { id: 'new-tickets', class: 'new-tickets', role: 'status' });
  let pending = null; // the latest list read in the background, shown when the user asks for the new tickets
  const thead = h('thead');
  const tbody = h('tbody');
  const table = h('table', { class: 'tickets desk', 'aria-describedby': 'list-summary' },
    N(() => t(view.sort === 'triage' ? 'list_caption_triage' : 'list_caption'), 'caption', { class: 'sr-only' }), thead, tbody);
  const pager = h('nav', { class: 'pager', 'aria-label': 'pagination' });
  trAttr(pager, 'aria-label', () => t('pagination'));

  const keys = listKeys({
    rows: () => [...tbody.querySelectorAll('tr[data-ticket]')],
    search: controls.q,
    accept: (num) => { const r = rowsByNumber.get(num); if (r && r.status === 'INCIDENT_STATUS_TRIGGERED') accept(r); },
  });
  const el = h('section', { class: 'view-list', 'aria-labelledby': 'list-h' },
    h('h1', { id: 'list-h', tabindex: '-1' }, L('tickets_title')),
    filterForm,
    h('div', { class: 'card table-card' }, summary, newBar, h('div', { class: 'table-wrap' }, table), pager),
    keys.help);

  let rowsByNumber = new Map();

  function go(next) {
    location.hash = '#/?' + viewQuery({ ...view, ...next });
  }

  function syncForm() {
    for (const f of LIST_FILTERS) for (const o of controls[f].options) o.selected = view[f].includes(o.value);
    for (const f of TEXT_FILTERS) controls[f].value = view[f];
    const byColumn = view.sort && !SORTS.some(([v]) => v === view.sort) && columnSortLabel(view.sort);
    columnSort.hidden = !byColumn;
    columnSort.value = byColumn ? view.sort : '-';
    columnSort.textContent = byColumn || '';
    sortSel.value = byColumn ? view.sort : SORTS.some(([v]) => v === view.sort) ? view.sort : '';
    mine.checked = view.mine;
    thead.replaceChildren(headerRow(view.sort, (field) => go({ sort: toggledSort(view.sort, field), page: 1 })));
  }

  async function accept(r) {
    try {
      await api('/v1/external/incident/handle', { method: 'POST', body: { incident_num: r.ticket_id, operator: actingPerson() ?? '', operate_key: 'acceptedIncident1' } });
      flash(() => t('accepted_one', { n: r.ticket_id }));
      lastKey = null;
      await refresh(true);
    } catch (e) {
      flash(() => `${t('error_prefix')}: ${e.message}`, 'error');
    }
  }

  async function refresh(background) {
    const requested = apiQuery(view, actingPerson());
    try {
      const { json } = await api('/v1/incident-tickets?' + requested);
      if (requested !== apiQuery(view, actingPerson())) return; // the view changed while this was in flight
      const key = JSON.stringify(json.data);
      if (key !== lastKey) {
        lastKey = key;
        if (background && tbody.querySelector('tr[data-ticket]')) merge(json.data);
        else render(json.data);
      } else tickAges(tbody);
      markRefreshed();
    } catch (e) {
      if (background) markRefreshed(e.message);
      else { summary.textContent = errorText(e); tbody.replaceChildren(); }
    }
  }

  function summarize(data) {
    const pages = Math.max(1, Math.ceil(data.total / view.limit));
    summary.replaceChildren(L('total', { n: data.total.toLocaleString() }), ' · ', L('page_of', { page: view.page, pages }));
    return pages;
  }

  /** A background update: rows on screen change in place; tickets not on screen are announced, not inserted under
   * the pointer ("N new — show" redraws the page). The number cell, whose link may have the keyboard focus, stays. */
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
      rowsByNumber.set(r.ticket_id, r);
      const next = ticketRow(r, accept);
      for (const a of ['data-status', 'data-level', 'class']) {
        if (next.hasAttribute(a)) tr.setAttribute(a, next.getAttribute(a)); else tr.removeAttribute(a);
      }
      while (tr.lastElementChild !== tr.firstElementChild) tr.lastElementChild.remove();
      tr.append(...[...next.children].slice(1));
    }
    pending = data;
    announce(fresh);
  }

  function announce(n) {
    if (n === 0) { newBar.replaceChildren(); return; }
    newBar.replaceChildren(h('button', { type: 'button', id: 'show-new', class: 'small', onclick: () => { if (pending) render(pending); } },
      L('new_tickets_show', { n })));
  }

  /** Re-renders the rows, keeping focus on the same control of the same ticket (a refresh never drops it to <body>). */
  function render(data) {
    pending = null;
    newBar.replaceChildren();
    const focused = document.activeElement;
    const focusRow = tbody.contains(focused) ? focused.closest('tr[data-ticket]')?.dataset.ticket : null;
    const focusKey = focused?.dataset?.focus;
    const pages = summarize(data);
    const rows = data.IncidentSimpleTicketInfos;
    rowsByNumber = new Map(rows.map(r => [r.ticket_id, r]));
    tbody.replaceChildren(...(rows.length === 0
      ? [h('tr', null, h('td', { colspan: COLUMNS.length, class: 'empty' }, L('no_tickets')))]
      : rows.map(r => { const tr = ticketRow(r, accept); tr._key = JSON.stringify(r); return tr; })));
    if (focusRow) {
      const row = [...tbody.querySelectorAll('tr[data-ticket]')].find(tr => tr.dataset.ticket === focusRow);
      (row?.querySelector(`[data-focus=${focusKey}]`) ?? row?.querySelector('[data-focus=link]'))?.focus({ preventScroll: true });
    }
    pager.replaceChildren(...pagerControls(view.page, pages, view.limit, (p) => go({ page: p }), (size) => go({ limit: Number(size), page: 1 })));
  }

  syncForm();
  return {
    name: 'list', el, refresh,
    title: () => t('tickets_title'),
    update(r) { view = readView(r.q); syncForm(); lastKey = null; refresh(); return true; },
    live: (e) => e.type.startsWith('incident.'),
    dispose() { keys.dispose(); },
  };
}
