// Who may run an allowed operation (workflow.md, the "who" column), checked with the served workflow table so the
// console can show an operation the acting person may not perform as disabled, with the reason. The API stays the judge.
import { t } from './i18n.js';
import { reference } from './rules.js';
import { personName } from './names.js';

const holds = (situation, tk) => {
  const paused = tk.paused_until != null && Date.now() < tk.paused_until;
  switch (situation) {
    case 'no_pending_request': return !tk.pending_request;
    case 'pending_request': return !!tk.pending_request;
    case 'not_paused_no_pending_request': return !tk.pending_request && !paused;
    case 'paused': return paused;
    default: return true;
  }
};

/** Why `person` may not run `key` on the ticket now (a function giving the text in the current language), or null. */
export function whyNot(tk, key, person) {
  const ref = reference();
  const row = ref.workflow.find(r => r.operate_key === key && r.allowed_in.includes(tk.status) && holds(r.situation, tk));
  if (!row) return null; // the details allowed it: let the API decide
  const relaxed = ref.caller?.relaxed_actors ?? false;
  if (row.who === 'assignee' && !relaxed && tk.incident_assignee[0] !== person) {
    return () => t('why_assignee', { name: personName(tk.incident_assignee[0]) });
  }
  if (row.who === 'creator' && !relaxed && tk.creator !== person) return () => t('why_creator', { name: personName(tk.creator) });
  if (row.who === 'not_the_requester' && tk.pending_request?.requested_by === person) return () => t('why_requester');
  return null;
}
