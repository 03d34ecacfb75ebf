// The ticket page's resolution: the latest solution's cause and solution and the verification of it, as fields (they are
// otherwise only inside the timeline). Read from the history; hidden until a solution is submitted.
import { h } from '../dom.js';
import { t, N, L } from '../i18n.js';

export function ticketResolution() {
  const dl = h('dl', { class: 'kv' });
  const el = h('section', { class: 'card', id: 'resolution', 'aria-labelledby': 'res-h', hidden: true },
    h('h2', { id: 'res-h' }, L('res_title')), dl);

  /** history: the ticket's entries, oldest first. */
  function show(history) {
    const solution = history.filter(e => e.action === 'commitSolution1').at(-1);
    el.hidden = !solution;
    if (!solution) { dl.replaceChildren(); return; }
    const p = solution.parameter ?? {};
    const check = history.filter(e => e.action === 'confirm' && e.start_time >= solution.start_time).at(-1)?.parameter;
    const passed = check && String(check.virtual_confirm_result) === 'true';
    dl.replaceChildren(
      h('dt', null, L('cause')), h('dd', { id: 'res-cause', class: 'pre' }, p.cause ?? ''),
      h('dt', null, L('solution')), h('dd', { id: 'res-solution', class: 'pre' }, p.solution ?? ''),
      h('dt', null, L('res_verification')), h('dd', { id: 'res-verification', class: 'pre' }, check
        ? N(() => `${t(passed ? 'res_passed' : 'res_failed')}: ${check.virtual_confirm_comment ?? ''}`)
        : N(() => t('none'))));
  }

  return { el, show };
}
