// Drafts: when the session ends mid-edit (expired or revoked token), the half-typed fields of the page and of an open
// operation dialog are kept in sessionStorage (this tab only), keyed by the view's address, and put back after the same
// user signs in again. Passwords, files, search filters and the sign-in form are never kept.
import { t } from './i18n.js';
import { flash } from './widgets.js';

const PREFIX = 'coc.draft:';
const key = () => PREFIX + (location.hash || '#/');
const SKIP = 'form[role=search], .filters, .jump, [data-no-draft]';

const fieldsOf = (root) => root ? [...root.querySelectorAll('input, textarea, select')]
  .filter(el => el.id && !['password', 'file', 'hidden', 'search', 'submit', 'button'].includes(el.type) && !el.closest(SKIP)) : [];
const typed = (el) => (el.tagName === 'TEXTAREA' || el.type === 'text') && el.value.trim() !== '';

/** Keeps the current view's typed fields (nothing when nothing was typed, so a second call cannot erase a draft). */
export function saveDraft(user) {
  const dlg = document.getElementById('op-dialog');
  const main = fieldsOf(document.getElementById('main'));
  const dialog = dlg?.open ? fieldsOf(dlg) : [];
  if (![...main, ...dialog].some(typed)) return;
  const values = (els) => Object.fromEntries(els.map(el => [el.id, el.type === 'radio' || el.type === 'checkbox' ? el.checked : el.value]));
  sessionStorage.setItem(key(), JSON.stringify({ user, main: values(main), opener: dialog.length ? dlg.dataset.opener ?? null : null,
    dialog: values(dialog) }));
}

function apply(values) {
  let left = 0;
  for (const [id, v] of Object.entries(values)) {
    const el = document.getElementById(id);
    if (!el) { left++; continue; }
    if (typeof v === 'boolean') el.checked = v; else el.value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
    delete values[id];
  }
  return left;
}

/** Puts the view's draft back as its fields appear (views render after their data loads), for up to 15 s. */
export function restoreDraft(user) {
  const raw = sessionStorage.getItem(key());
  if (!raw) return;
  sessionStorage.removeItem(key());
  const draft = JSON.parse(raw);
  if (draft.user !== user) return; // another person's half-typed text is not theirs to see
  const until = Date.now() + 15000;
  const step = () => {
    let left = apply(draft.main);
    if (draft.opener) {
      const opener = document.getElementById(draft.opener);
      if (opener && !opener.disabled && !document.getElementById('op-dialog').open) opener.click();
      if (document.getElementById('op-dialog').open) left += apply(draft.dialog);
      else left++;
    }
    if (left === 0) flash(() => t('draft_restored'));
    else if (Date.now() < until) setTimeout(step, 200);
  };
  step();
}
