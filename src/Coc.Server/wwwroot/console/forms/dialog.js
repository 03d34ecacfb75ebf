// The dialog of one operation: its form (forms/operations.js), sent to POST /v1/external/incident/handle; and the
// same modal form for the other pages' actions (clear an alarm, transfer it, rotate a key).
import { h } from '../dom.js';
import { t, N, L, relabel } from '../i18n.js';
import { api } from '../api.js';
import { opName } from '../names.js';
import { actingPerson } from '../shell.js';
import { flash, refusal } from '../widgets.js';
import { buildForm } from './form.js';
import { OPERATIONS } from './operations.js';

/** An operation's name; agreeing or refusing a pending request says which request. */
export function operationLabel(tk, key) {
  const base = opName(key);
  if (key === 'agreed' || key === 'rejected') {
    if (tk.pending_request) return `${base} (${t(tk.pending_request.type === 'pause' ? 'pending_pause' : 'pending_level')})`;
  }
  return base;
}

export function closeDialog() {
  const dlg = document.getElementById('op-dialog');
  if (dlg.open) dlg.close();
}

export function openOperation(tk, key, refresh) {
  const spec = OPERATIONS[key];
  const ctx = { ticket: tk, operator: actingPerson() };
  openFormDialog({
    id: `op-${key}`,
    heading: [N(() => operationLabel(tk, key)), ' · ', h('span', { class: 'mono small' }, tk.incident_num)],
    fields: spec.fields(ctx),
    hint: spec.hint ? () => spec.hint(ctx) : null,
    check: spec.check ? (values) => spec.check(values, ctx) : null,
    refresh,
    async send(values) {
      const parameter = spec.parameter(values, ctx);
      const body = { incident_num: tk.incident_num, operator: actingPerson() ?? '', operate_key: key };
      if (parameter !== undefined) body.parameter = parameter;
      await api('/v1/external/incident/handle', { method: 'POST', body });
      flash(() => t('done', { op: operationLabel(tk, key) }));
    },
  });
}

/**
 * A modal form in the one dialog: fields (forms/form.js specs), an optional hint and extra checks; send(values)
 * calls the API. On success the dialog closes and refresh() runs; a refusal is shown in the form and refresh(true)
 * shows what the data is now.
 */
export function openFormDialog({ id, heading, fields, hint, check, send, refresh }) {
  const dlg = document.getElementById('op-dialog');
  const form = buildForm(id, fields);
  const err = h('div', { class: 'form-error', role: 'alert', id: 'op-error' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'op-submit' }, L('submit'));
  const f = h('form', { method: 'dialog', class: 'op-form', novalidate: true },
    h('h2', { id: 'op-dialog-h' }, heading),
    hint ? N(hint, 'p', { class: 'muted' }) : null, form.el, err,
    h('div', { class: 'buttons' }, submit,
      h('button', { type: 'button', onclick: () => dlg.close() }, L('cancel'))));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    const values = form.values();
    if (form.validate(values, check ? check(values) : [])) return;
    submit.disabled = true;
    submit.replaceChildren(L('sending'));
    try {
      await send(values);
      dlg.close();
      await refresh();
    } catch (e) {
      err.replaceChildren(...refusal(e));
      refresh(true); // the data probably changed underneath: show what it is now
    } finally {
      submit.disabled = false;
      submit.replaceChildren(L('submit'));
    }
  });
  dlg.replaceChildren(f);
  dlg.dataset.opener = id; // drafts.js reopens this form after a sign-in
  dlg.setAttribute('aria-labelledby', 'op-dialog-h');
  relabel(dlg);
  dlg.showModal();
  (f.querySelector('input:not([type=hidden]), select, textarea') ?? submit).focus();
}
