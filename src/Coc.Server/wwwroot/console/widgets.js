// Small pieces several views show: status, level and alarm badges, the pager, the flash message, an API refusal.
import { h } from './dom.js';
import { t, N, L } from './i18n.js';
import { enumName } from './names.js';
import { fmtTime } from './format.js';

const STATUS_CLASS = {
  incident_draft: 'st-draft', INCIDENT_STATUS_TRIGGERED: 'st-triggered', INCIDENT_STATUS_ACKNOWLEDGED: 'st-acknowledged',
  INCIDENT_STATUS_REJECTED: 'st-rejected', INCIDENT_STATUS_RESOLVED: 'st-resolved', INCIDENT_STATUS_COMPLETED: 'st-completed',
};

export const statusBadge = (key, name) =>
  N(name ?? (() => enumName('statuses', key)), 'span', { class: `badge ${STATUS_CLASS[key] ?? 'st-draft'}`, 'data-status': key });
export const levelBadge = (key, name) =>
  N(name ?? (() => enumName('levels', key)), 'span', { class: `badge lv lv-${String(key).replace(/\W/g, '')}`, 'data-level': key });

const IMPORTANCES = ['urgent', 'major', 'minor', 'warn'];
/** Alarm importances, most urgent first (alarms.md). */
export const importances = () => IMPORTANCES;
export const importanceBadge = (key) =>
  L(`imp_${key}`, null, 'span', { class: `badge imp imp-${IMPORTANCES.includes(key) ? key : 'minor'}`, 'data-importance': key });
export const alarmStatusBadge = (key) =>
  L(`alarm_${key}`, null, 'span', { class: `badge ${key === 'alarming' ? 'st-triggered' : 'st-completed'}`, 'data-alarm-status': key });

/** The pager under a table: first/previous/next/last, the page size and a jump to a page. */
export function pagerControls(p, pages, limit, goPage, setLimit) {
  const btn = (key, target, disabled) => h('button', { type: 'button', disabled, onclick: () => goPage(target) }, L(key));
  const sizes = [...new Set([10, 20, 50, 100, limit])].sort((a, b) => a - b);
  const sizeSel = h('select', { id: 'page-size' }, sizes.map(n => h('option', { value: n }, String(n))));
  sizeSel.value = String(limit);
  sizeSel.addEventListener('change', () => setLimit(sizeSel.value));
  const jump = h('input', { id: 'page-jump', type: 'number', min: 1, max: pages, value: p, inputmode: 'numeric' });
  const jumpForm = h('form', { class: 'jump' }, h('label', { for: 'page-jump' }, L('go_to_page')), jump, h('button', { type: 'submit' }, L('go')));
  jumpForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    goPage(Math.min(Math.max(parseInt(jump.value, 10) || 1, 1), pages));
  });
  return [
    btn('first', 1, p <= 1), btn('prev', p - 1, p <= 1),
    h('span', { class: 'page-no' }, L('page_of', { page: p, pages })),
    btn('next', p + 1, p >= pages), btn('last', pages, p >= pages),
    h('span', { class: 'page-size' }, h('label', { for: 'page-size' }, L('page_size')), sizeSel),
    jumpForm];
}

/** A time cell's content: a <time> element, or the "none" dash. */
export const timeEl = (ms) => ms == null ? N(() => t('none')) : h('time', { datetime: new Date(ms).toISOString() }, fmtTime(ms));

let flashTimer;
export function flash(fn, kind = 'ok') {
  const box = document.getElementById('flash');
  box.replaceChildren(N(fn, 'p', { class: `flash ${kind}` }));
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => box.replaceChildren(), 6000);
}

/** The API's refusal of a form, its error_msg as is: "Refused by the API: <msg> (<code>, HTTP <status>)". */
export const refusal = (e) => [h('strong', null, L('error_prefix'), ': '), h('span', { class: 'api-error' }, e.message),
  e.code ? h('span', { class: 'muted' }, ` (${e.code}, HTTP ${e.status})`) : null];
