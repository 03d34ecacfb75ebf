// "Add note" on the ticket page: v2's addRemark (v2.md, Actions), which writes a history entry and changes nothing else.
// v1 has no remark; the v2 action runs on a current task (GET …/tasks gives its task_id) and takes the console's acting
// person in the added `operator` field, under v1's rule. Offered in every status but COMPLETED, as the API allows it.
import { h } from '../dom.js';
import { t, L, trAttr } from '../i18n.js';
import { api, errorText } from '../api.js';
import { limits } from '../rules.js';
import { actingPerson } from '../shell.js';
import { flash } from '../widgets.js';
import { buildForm } from '../forms/form.js';

const COMPLETED = 'INCIDENT_STATUS_COMPLETED';

export function ticketNote(num, refresh) {
  const form = buildForm('note', [{ name: 'note', label: 'note_label', kind: 'textarea', required: true, max: limits().comment, rows: 3 }]);
  const err = h('div', { class: 'form-error', role: 'alert', id: 'note-error' });
  const button = h('button', { type: 'submit', id: 'note-submit', class: 'primary' }, L('note_add'));
  const el = h('form', { id: 'add-note', class: 'add-note', hidden: true }, form.el, err, h('div', { class: 'buttons' }, button));
  trAttr(el, 'aria-label', () => t('note_add'));

  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    const values = form.values();
    if (form.validate(values)) return;
    button.disabled = true;
    try {
      const path = `/v2/incidents/${encodeURIComponent(num)}`;
      const { json } = await api(`${path}/tasks`);
      const op = json.data.flatMap(task => task.operations).find(o => o.key === 'addRemark');
      if (!op) throw new Error(t('note_not_now'));
      await api(`${path}/actions`, { method: 'POST', body: { task_id: op.task_id, action: 'addRemark', params: { note: values.note }, operator: actingPerson() ?? '' } });
      el.querySelector('textarea').value = '';
      el.querySelector('textarea').dispatchEvent(new Event('input'));
      flash(() => t('note_added'));
      await refresh();
    } catch (e) {
      err.replaceChildren(h('strong', null, L('error_prefix'), ': '), errorText(e));
    } finally {
      button.disabled = false;
    }
  });

  return { el, show: (tk) => { el.hidden = tk.status === COMPLETED; } };
}
