// The ticket page's actions: one button per allowed operation; one the acting person may not perform is disabled, with
// the reason beside it (who-may.js). Redrawn when the acting person changes.
import { h } from '../dom.js';
import { N, L } from '../i18n.js';
import { actingPerson } from '../shell.js';
import { whyNot } from '../who-may.js';
import { openOperation, operationLabel } from '../forms/dialog.js';

export function ticketActions(section, refresh) {
  let ticket = null;
  const redraw = () => { if (ticket) show(ticket); };
  document.addEventListener('coc:acting-person', redraw);

  function show(tk) {
    ticket = tk;
    const person = actingPerson();
    section.replaceChildren(
      h('h2', { id: 'actions-h', tabindex: '-1' }, L('actions')),
      tk.allowed_operations.length === 0 ? L('no_actions', null, 'p', { class: 'muted' })
        : h('div', { class: 'buttons' }, tk.allowed_operations.map(k => {
          const why = whyNot(tk, k, person);
          const button = h('button', {
            type: 'button', id: `op-${k}`, class: 'op', 'data-op': k, disabled: !!why,
            'aria-describedby': why ? `op-${k}-why` : null, onclick: () => openOperation(tk, k, refresh),
          }, N(() => operationLabel(tk, k)));
          return why ? h('span', { class: 'op-wrap' }, button, N(why, 'span', { id: `op-${k}-why`, class: 'why small muted' })) : button;
        })));
  }

  return { show, dispose: () => document.removeEventListener('coc:acting-person', redraw) };
}
