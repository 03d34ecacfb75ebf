// The triage list's columns and rows: what each cell shows (age, badges for paused / pending request / service
// interrupted, the one-click accept), with a label per cell so a row reads as a card on a phone.
import { h } from '../dom.js';
import { t, N, L, trAttr } from '../i18n.js';
import { personName } from '../names.js';
import { fmtTime, fmtDur } from '../format.js';
import { statusBadge, levelBadge } from '../widgets.js';
import { SORT_COLUMNS, ariaSort } from './list-query.js';

export const COLUMNS = ['col_number', 'col_title', 'col_status', 'col_level', 'col_assignee', 'col_creator', 'col_created', 'col_age', 'col_action'];

/** The header row: sortable columns are buttons (aria-sort on the cell); `onSort(field)` is called on a click. */
export function headerRow(sort, onSort) {
  return h('tr', null, COLUMNS.map(k => {
    const field = SORT_COLUMNS[k];
    if (!field) return h('th', { scope: 'col' }, L(k));
    return h('th', { scope: 'col', 'aria-sort': ariaSort(sort, field) },
      h('button', { type: 'button', class: 'sort', 'data-sort': field, onclick: () => onSort(field) }, L(k)));
  }));
}

/** Compact age: "3d 4h", "5h 12m", "7m", "40s". */
export function fmtAge(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const [d, hr, m] = [Math.floor(s / 86400), Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60];
  if (d) return t('age_dh', { d, h: hr });
  if (hr) return t('age_hm', { h: hr, m });
  if (m) return t('age_m', { m });
  return t('age_s', { s });
}

function badges(r) {
  const tri = r.triage ?? {};
  const out = [];
  if (tri.paused_until != null) out.push(L('badge_paused', null, 'span', { class: 'badge paused', 'data-badge': 'paused' }));
  if (tri.pending_request) out.push(L(`badge_pending_${tri.pending_request}`, null, 'span', { class: 'badge pending-req', 'data-badge': 'pending' }));
  if (tri.is_service_interrupt) out.push(L('badge_interrupted', null, 'span', { class: 'badge interrupted', 'data-badge': 'interrupted' }));
  return out.length ? h('span', { class: 'row-badges' }, out) : null;
}

const cell = (key, props, ...children) => trAttr(h('td', props, ...children), 'data-label', () => t(key));

/** One ticket's row; `onAccept(row)` accepts it (shown for unaccepted tickets only). */
export function ticketRow(r, onAccept) {
  const unaccepted = r.status === 'INCIDENT_STATUS_TRIGGERED';
  const accept = unaccepted
    ? h('button', { type: 'button', class: 'small op accept', 'data-focus': 'accept', onclick: () => onAccept(r) }, L('accept_one'))
    : null;
  if (accept) trAttr(accept, 'aria-label', () => t('accept_ticket', { n: r.ticket_id }));
  return h('tr', { 'data-ticket': r.ticket_id, 'data-status': r.status, 'data-level': r.level, 'data-created': r.create_time, class: unaccepted ? 'unaccepted' : null },
    cell('col_number', null, h('a', { href: `#/ticket/${encodeURIComponent(r.ticket_id)}`, class: 'mono', 'data-focus': 'link' }, r.ticket_id)),
    cell('col_title', { class: 'title-cell' }, h('span', null, r.title), badges(r)),
    cell('col_status', null, statusBadge(r.status)),
    cell('col_level', null, levelBadge(r.level)),
    cell('col_assignee', null, N(() => r.assignee.map(personName).join(', ') || t('none'))),
    cell('col_creator', null, N(() => personName(r.creator))),
    cell('col_created', { class: 'nowrap' }, r.create_time == null ? '' : h('time', { datetime: new Date(r.create_time).toISOString() }, fmtTime(r.create_time))),
    cell('col_age', { class: 'nowrap age' }, r.create_time == null ? '' : ageText(r)),
    cell('col_action', { class: 'action-cell' }, accept));
}

/** Age since creation; an accepted ticket also shows how long it took to accept. */
function ageText(r) {
  const span = N(() => fmtAge(Date.now() - r.create_time), 'span', { 'data-age': r.create_time });
  const accepted = r.triage?.accept_time;
  return accepted == null ? span : [span, ' ', N(() => t('accepted_after', { d: fmtDur(accepted - r.create_time) }), 'span', { class: 'muted small' })];
}

/** Refreshes the age cells in place (a re-render only happens when the data changed). */
export function tickAges(root) {
  for (const el of root.querySelectorAll('[data-age]')) el.textContent = fmtAge(Date.now() - Number(el.dataset.age));
}
