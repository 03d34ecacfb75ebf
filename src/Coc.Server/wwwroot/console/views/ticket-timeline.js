// The ticket page's history, newest first, each entry under a label of what it did in this ticket's story (not the raw
// action: a refused pause request is not a declined ticket), every parameter under its own label. A WarRoom that an
// operation started is an entry of its own, just above the operation (newer), from the entry's `warroom_started`.
import { h } from '../dom.js';
import { t, N, L, label } from '../i18n.js';
import { enumName, personName, appName } from '../names.js';
import { fmtTime } from '../format.js';
import { statusBadge } from '../widgets.js';

const ACKNOWLEDGED = 'INCIDENT_STATUS_ACKNOWLEDGED';
const OPENERS = ['incidentPause', 'incidentChangeLevel1'];

/** Entries, oldest first, with what each means: its kind (a label key suffix) and, for request outcomes, the request. */
export function storyOf(history, pending) {
  const story = history.map(e => ({ e, kind: kindOf(e) }));
  // A pending request closes only by agreed/rejected, and none can open while one is pending: a request outcome
  // belongs to the latest opener before it, and a level change that no outcome (and no pending request) follows
  // applied at once — an escalation.
  let opener = null;
  for (const s of story) {
    if (OPENERS.includes(s.e.action)) opener = s;
    else if (s.kind === 'request_approved' || s.kind === 'request_refused') {
      if (opener) {
        s.request = opener.e.action === 'incidentPause' ? 'pause' : 'level';
        s.withdrawn = s.kind === 'request_refused' && opener.e.operator === s.e.operator;
        if (opener.e.action === 'incidentChangeLevel1') opener.kind = 'level_requested';
      }
      opener = null;
    }
  }
  if (opener && pending?.type === 'level' && opener.e.action === 'incidentChangeLevel1') opener.kind = 'level_requested';
  return story;
}

function kindOf(e) {
  const p = e.parameter ?? {};
  switch (e.action) {
    case 'create': return 'created';
    case 'acceptedIncident1': return 'accepted';
    case 'commitSolution1': return 'solution';
    case 'confirm': return String(p.virtual_confirm_result) === 'true' ? 'verified' : 'verify_failed';
    case 'forwardOther1': return 'forwarded';
    case 'incidentPause': return 'pause_requested';
    case 'incidentChangeLevel1': return 'escalated';
    case 'agreed': return e.from_status === ACKNOWLEDGED ? 'request_approved' : 'rejection_accepted';
    case 'rejected': return e.from_status === ACKNOWLEDGED ? 'request_refused' : 'declined';
    case 'recovery': return 'resumed';
    case 'ReOpen': return 'reopened';
    case 'addRemark': return 'note';
    case 'start_warroom': return 'warroom_api';
    case 'alarm_linked': return 'alarm_linked';
    case 'alarms_resolved': return 'alarms_resolved';
    default: return null;
  }
}

/** The list items of the timeline, newest first. */
export function timelineItems(history, pending) {
  if (history.length === 0) return [L('no_history', null, 'li', { class: 'muted' })];
  const items = [];
  for (const s of storyOf(history, pending)) {
    items.push(entryItem(s));
    if (s.e.warroom_started && s.e.action !== 'start_warroom') items.push(warRoomItem(s.e));
  }
  return items.reverse();
}

function headline(s) {
  const e = s.e;
  if (!s.kind) return e.action; // an action this console does not know yet: its key is all there is to show
  const level = () => enumName('levels', e.target_value);
  return t(`tl_${s.kind}`, { level });
}

function entryItem(s) {
  const e = s.e;
  const params = e.parameter && typeof e.parameter === 'object'
    ? Object.entries(e.parameter).filter(([k, v]) => label(`hp_${k}`) && v != null && v !== '') : [];
  return h('li', { class: 'tl-item', 'data-action': e.action, 'data-kind': s.kind ?? e.action },
    h('div', { class: 'tl-head' },
      h('strong', { class: 'tl-action' }, N(() => headline(s))),
      ' ', h('span', { class: 'muted' }, L('by'), ' '), h('span', { class: 'tl-operator' }, N(() => personName(e.operator))),
      shownPrincipal(e.principal) ? [' ', L('principal_as', { p: e.principal }, 'span', { class: 'tl-principal muted small' })] : null,
      ' ', h('time', { datetime: new Date(e.start_time).toISOString(), class: 'muted' }, fmtTime(e.start_time))),
    s.request ? L(s.withdrawn ? `tl_withdrawn_${s.request}` : `tl_request_${s.request}`, null, 'p', { class: 'tl-request small' }) : null,
    h('div', { class: 'tl-status' },
      e.from_status && e.from_status !== (e.to_status ?? e.status) ? [statusBadge(e.from_status), ' → '] : null,
      statusBadge(e.to_status ?? e.status)),
    params.length ? trParams(params) : null);
}

function trParams(params) {
  const dl = h('dl', { class: 'kv params' },
    params.map(([k, v]) => [h('dt', null, L(`hp_${k}`)), h('dd', { class: 'pre' }, N(() => paramValue(k, v)))]));
  return dl;
}

function warRoomItem(e) {
  const num = e.warroom_started;
  return h('li', { class: 'tl-item tl-warroom', 'data-action': 'warroom_started', 'data-kind': 'warroom_rule' },
    h('div', { class: 'tl-head' },
      h('strong', { class: 'tl-action' }, L('tl_warroom_rule')),
      ' ', h('time', { datetime: new Date(e.start_time).toISOString(), class: 'muted' }, fmtTime(e.start_time))),
    h('p', { class: 'small' }, h('a', { class: 'mono', href: `#/warrooms?incident_num=${encodeURIComponent(e.ticket_id)}` }, num), ' ',
      L('tl_warroom_rule_why', null, 'span', { class: 'muted' })));
}

/** Who authenticated the operation, beside its operator; nothing for emulator mode's anonymous caller or entries from before it was kept. */
const shownPrincipal = (p) => p && p !== 'anonymous' && p !== 'unknown';

const PARAM_SETS = {
  mtm_type: 'types', level_id: 'levels', virtual_target_level: 'levels', source_id: 'sources', incident_ownership: 'ownerships',
};
const PARAM_PEOPLE = ['virtual_send_assignee', 'assignee'];
const PARAM_TIMES = ['start_time', 'fault_recovery_time', 'pause_end_time'];

function paramValue(k, v) {
  if (typeof v === 'boolean' || v === 'true' || v === 'false') return t(String(v) === 'true' ? 'yes' : 'no');
  if (PARAM_SETS[k]) return enumName(PARAM_SETS[k], v);
  if (PARAM_TIMES.includes(k) && /^\d+$/.test(String(v))) return fmtTime(Number(v));
  if (PARAM_PEOPLE.includes(k)) return Array.isArray(v) ? v.map(personName).join(', ') : personName(v);
  if (k === 'current_cloud_service_id' && Array.isArray(v)) return v.map(appName).join(', ');
  if (Array.isArray(v)) return v.length ? v.join(', ') : t('none');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
