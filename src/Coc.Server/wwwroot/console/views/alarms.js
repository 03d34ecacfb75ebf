// The alarm list: GET /v1/alarm-mgmt/alarms (offset = item offset) with filters, newest first, paged, live.
import { h } from '../dom.js';
import { t, N, L, trAttr } from '../i18n.js';
import { api, errorText } from '../api.js';
import { limits } from '../rules.js';
import { markRefreshed } from '../shell.js';
import { alarmStatusBadge, importanceBadge, importances, pagerControls, timeEl } from '../widgets.js';

const FILTERS = ['status', 'importance', 'q'];
// Kept from the address but not in the form: the integrations page links here with its integration.
const KEPT = ['integration_id', 'incident_num'];

/** An alarm's link: its page, named by the alarm's name. */
export const alarmLink = (id, name) => h('a', { href: `#/alarm/${encodeURIComponent(id)}` }, name);

export function alarmsView(initial) {
  let q = initial;
  let lastKey = null;
  const select = (id, values, prefix) => h('select', { id, name: id },
    L('any', null, 'option', { value: '' }), values.map(v => L(`${prefix}${v}`, null, 'option', { value: v })));
  const controls = {
    status: select('fa-status', ['alarming', 'resolved'], 'alarm_'),
    importance: select('fa-importance', importances(), 'imp_'),
    q: h('input', { id: 'fa-q', name: 'q', type: 'search', maxlength: limits().text }),
  };
  const labels = { status: 'f_status', importance: 'f_importance', q: 'f_alarm_q' };
  const filterForm = h('form', { class: 'filters card', role: 'search', 'aria-labelledby': 'alarm-filters-h' },
    h('h2', { id: 'alarm-filters-h', class: 'sr-only' }, L('filters')),
    FILTERS.map(f => h('div', { class: `field f-${f}` }, h('label', { for: controls[f].id }, L(labels[f])), controls[f])),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', class: 'primary' }, L('apply')),
      h('button', { type: 'button', onclick: () => go(kept()) }, L('reset'))));
  filterForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const next = kept();
    for (const f of FILTERS) if (controls[f].value.trim()) next[f] = controls[f].value.trim();
    if (q.get('limit')) next.limit = q.get('limit');
    go(next);
  });
  for (const f of ['status', 'importance']) controls[f].addEventListener('change', () => filterForm.requestSubmit());

  const summary = h('p', { id: 'alarm-summary', class: 'muted', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const COLUMNS = ['col_alarm', 'col_status', 'col_importance', 'col_converge', 'col_source', 'col_incident', 'col_first', 'col_last'];
  const table = h('table', { class: 'tickets alarms', 'aria-describedby': 'alarm-summary' },
    h('caption', { class: 'sr-only' }, L('alarms_caption')),
    h('thead', null, h('tr', null, COLUMNS.map(k => h('th', { scope: 'col' }, L(k))))),
    tbody);
  const pager = h('nav', { class: 'pager', 'aria-label': 'pagination' });
  trAttr(pager, 'aria-label', () => t('pagination'));

  const el = h('section', { class: 'view-alarms', 'aria-labelledby': 'alarms-h' },
    h('h1', { id: 'alarms-h', tabindex: '-1' }, L('alarms_title')),
    filterForm,
    h('div', { class: 'card table-card' }, summary, h('div', { class: 'table-wrap' }, table), pager));

  function kept() { return Object.fromEntries(KEPT.filter(k => q.get(k)).map(k => [k, q.get(k)])); }
  function page() { return Math.max(1, parseInt(q.get('page') || '1', 10) || 1); }
  function limit() { const l = parseInt(q.get('limit') || '20', 10); return l >= 1 && l <= 1000 ? l : 20; }
  function go(next) {
    const qs = new URLSearchParams(next).toString();
    location.hash = '#/alarms' + (qs ? '?' + qs : '');
  }
  function goPage(p) { go({ ...Object.fromEntries(q.entries()), page: String(p) }); }
  function syncForm() { for (const f of FILTERS) controls[f].value = q.get(f) ?? ''; }

  function query() {
    const qs = new URLSearchParams({ offset: String((page() - 1) * limit()), limit: String(limit()) });
    for (const f of [...FILTERS, ...KEPT]) if (q.get(f)) qs.set(f, q.get(f));
    return qs.toString();
  }

  async function refresh(background) {
    const requested = query();
    try {
      const { json } = await api('/v1/alarm-mgmt/alarms?' + requested);
      if (requested !== query()) return; // the filters changed while this was in flight
      const key = JSON.stringify(json);
      if (key !== lastKey) { lastKey = key; render(json); }
      markRefreshed();
    } catch (e) {
      if (background) markRefreshed(e.message);
      else { summary.textContent = errorText(e); tbody.replaceChildren(); }
    }
  }

  function render(data) {
    const pages = Math.max(1, Math.ceil(data.count / limit()));
    summary.replaceChildren(L('alarm_total', { n: data.count.toLocaleString() }), ' · ', L('page_of', { page: page(), pages }));
    tbody.replaceChildren(...(data.alarms.length === 0
      ? [h('tr', null, h('td', { colspan: COLUMNS.length, class: 'empty' }, L('no_alarms')))]
      : data.alarms.map(a => h('tr', { 'data-alarm': a.id },
        h('td', { class: 'title-cell' }, alarmLink(a.id, a.name), h('div', { class: 'mono small muted' }, a.id)),
        h('td', null, alarmStatusBadge(a.status)),
        h('td', null, importanceBadge(a.importance)),
        h('td', { class: 'converge' }, String(a.converge_count)),
        h('td', null, a.come_from, a.transfer_rule_name ? h('div', { class: 'small muted' }, a.transfer_rule_name) : null),
        h('td', null, a.associate_event_id
          ? h('a', { href: `#/ticket/${encodeURIComponent(a.associate_event_id)}`, class: 'mono' }, a.associate_event_id) : N(() => t('none'))),
        h('td', { class: 'nowrap' }, timeEl(a.first_occur_time)),
        h('td', { class: 'nowrap' }, timeEl(a.last_occur_time))))));
    pager.replaceChildren(...pagerControls(page(), pages, limit(), goPage,
      (size) => go({ ...Object.fromEntries(q.entries()), limit: size, page: '1' })));
  }

  syncForm();
  return {
    name: 'alarms', el, refresh,
    title: () => t('alarms_title'),
    update(r) { q = r.q; syncForm(); lastKey = null; refresh(); return true; },
  };
}
