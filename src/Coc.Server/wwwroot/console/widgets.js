// Small pieces several views show: status and level badges, the flash message, an API refusal.
import { h } from './dom.js';
import { N, L } from './i18n.js';
import { enumName } from './names.js';

const STATUS_CLASS = {
  incident_draft: 'st-draft', INCIDENT_STATUS_TRIGGERED: 'st-triggered', INCIDENT_STATUS_ACKNOWLEDGED: 'st-acknowledged',
  INCIDENT_STATUS_REJECTED: 'st-rejected', INCIDENT_STATUS_RESOLVED: 'st-resolved', INCIDENT_STATUS_COMPLETED: 'st-completed',
};

export const statusBadge = (key, name) =>
  N(name ?? (() => enumName('statuses', key)), 'span', { class: `badge ${STATUS_CLASS[key] ?? 'st-draft'}`, 'data-status': key });
export const levelBadge = (key, name) =>
  N(name ?? (() => enumName('levels', key)), 'span', { class: `badge lv lv-${String(key).replace(/\W/g, '')}`, 'data-level': key });

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
