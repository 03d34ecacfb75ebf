// Keyboard shortcuts of the triage list: j / k next / previous ticket, a accept it, / search, ? this help.
// Ignored while typing in a field or with a modifier held, so they never eat a character.
import { h } from '../dom.js';
import { L } from '../i18n.js';

const KEYS = [['j', 'key_next'], ['k', 'key_prev'], ['a', 'key_accept'], ['/', 'key_search'], ['?', 'key_help']];

const typing = (el) => el && (el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName));

/** Installs the shortcuts; returns { help: the dialog element to mount, dispose() }. */
export function listKeys({ rows, search, accept }) {
  const help = h('dialog', { id: 'keys-help', class: 'op-dialog', 'aria-labelledby': 'keys-help-h' },
    h('h2', { id: 'keys-help-h' }, L('keys_title')),
    h('dl', { class: 'kv keys' }, KEYS.flatMap(([key, label]) => [h('dt', null, h('kbd', null, key)), h('dd', null, L(label))])),
    h('div', { class: 'buttons' }, h('button', { type: 'button', class: 'primary', onclick: () => help.close() }, L('close'))));

  function move(step) {
    const all = rows();
    if (all.length === 0) return;
    const at = all.findIndex(r => r.contains(document.activeElement));
    const next = all[at < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(Math.max(at + step, 0), all.length - 1)];
    next.querySelector('[data-focus=link]')?.focus();
  }

  function onKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(document.activeElement) || help.open || document.querySelector('dialog[open]')) return;
    const row = document.activeElement?.closest?.('tr[data-ticket]');
    switch (ev.key) {
      case 'j': move(1); break;
      case 'k': move(-1); break;
      case 'a': if (!row) return; accept(row.dataset.ticket); break;
      case '/': search.focus(); search.select?.(); break;
      case '?': help.showModal(); break;
      default: return;
    }
    ev.preventDefault();
  }
  document.addEventListener('keydown', onKey);
  return { help, dispose: () => document.removeEventListener('keydown', onKey) };
}
