// The form kit: labelled controls from field specs, with the API's own required and length rules shown inline.
import { h } from '../dom.js';
import { t, N, L } from '../i18n.js';
import { toLocalInput } from '../format.js';
import { limits } from '../rules.js';

/**
 * Builds labelled controls from field specs:
 *   { name, label?, kind: text|textarea|select|bool|datetime|radio, required?, max?, options?: () => [{value, label: () => string}],
 *     value?, hint?: () => string, showIf?: (values) => bool, trueLabel?, falseLabel? }
 * validate(values, extra) shows the API's rules (required, max length) and extra [{field, msg: () => string}] inline.
 */
export function buildForm(prefix, fields) {
  const parts = {};
  const el = h('div', { class: 'form-fields' });
  for (const f of fields) {
    const id = `${prefix}-${f.name}`;
    const labelKey = f.label ?? f.name;
    const hintEl = f.hint ? N(f.hint, 'p', { class: 'hint', id: `${id}-hint` }) : null;
    const errEl = h('p', { class: 'field-error', id: `${id}-error` });
    // Free text shows how much of its limit is used, so nothing is cut silently at the limit.
    const max = f.kind === 'text' || f.kind === 'textarea' || f.kind == null ? f.max ?? limits().text : null;
    const counter = max == null ? null : h('p', { class: 'counter small muted', id: `${id}-count` });
    const describedBy = [hintEl ? `${id}-hint` : null, counter ? `${id}-count` : null, `${id}-error`].filter(Boolean).join(' ');
    let control;
    let wrap;
    if (f.kind === 'bool' || f.kind === 'radio') {
      const choices = f.kind === 'bool'
        ? [{ value: 'true', label: () => t(f.trueLabel ?? 'yes') }, { value: 'false', label: () => t(f.falseLabel ?? 'no') }]
        : f.options();
      const initial = f.value == null ? null : String(f.value);
      control = choices.map((c, i) => h('input', { type: 'radio', name: id, id: `${id}-${i}`, value: c.value, checked: initial === c.value,
        'aria-describedby': describedBy }));
      wrap = h('fieldset', { class: 'field radios', id, 'data-field': f.name },
        h('legend', null, L(labelKey), f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
        choices.map((c, i) => h('label', { for: `${id}-${i}`, class: 'radio' }, control[i], ' ', N(c.label))),
        hintEl, errEl);
      for (const r of control) r.addEventListener('change', () => { update(); clearError(f.name); });
    } else {
      const common = { id, name: f.name, 'aria-describedby': describedBy, 'aria-required': f.required ? 'true' : null };
      if (f.kind === 'textarea') control = h('textarea', { ...common, rows: f.rows ?? 4, maxlength: f.max ?? limits().text, value: f.value ?? '' });
      else if (f.kind === 'select') {
        control = h('select', common,
          f.required && f.value ? null : L(f.required ? 'choose' : 'none', null, 'option', { value: '' }),
          f.options().map(o => N(o.label, 'option', { value: o.value })));
        control.value = f.value ?? '';
      } else if (f.kind === 'datetime') control = h('input', { ...common, type: 'datetime-local', step: 1, value: toLocalInput(f.value) });
      else control = h('input', { ...common, type: 'text', maxlength: f.max ?? limits().text, value: f.value ?? '', autocomplete: 'off' });
      wrap = h('div', { class: 'field', 'data-field': f.name },
        h('label', { for: id }, L(labelKey), f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
        control, hintEl, counter, errEl);
      const count = () => { if (counter) counter.textContent = `${control.value.length} / ${max}`; };
      count();
      control.addEventListener('input', () => { count(); clearError(f.name); });
      control.addEventListener('change', () => { update(); clearError(f.name); });
    }
    parts[f.name] = { f, control, wrap, errEl, initial: null };
    el.append(wrap);
  }
  for (const p of Object.values(parts)) p.initial = read(p);

  function read(p) {
    const c = p.control;
    if (Array.isArray(c)) return c.find(r => r.checked)?.value ?? null;
    if (p.f.kind === 'datetime') {
      if (!c.value) return null;
      const ms = new Date(c.value).getTime();
      return Number.isNaN(ms) ? null : ms;
    }
    return c.value;
  }
  function values() {
    const v = {};
    for (const [name, p] of Object.entries(parts)) {
      const raw = read(p);
      v[name] = p.f.kind === 'bool' ? (raw == null ? null : raw === 'true') : raw;
      v[name + '$changed'] = raw !== p.initial;
    }
    return v;
  }
  function update() {
    const v = values();
    for (const p of Object.values(parts)) if (p.f.showIf) p.wrap.hidden = !p.f.showIf(v);
    for (const p of Object.values(parts)) p.f.onUpdate?.(v, p);
  }
  function clearError(name) {
    const p = parts[name];
    p.errEl.replaceChildren();
    (Array.isArray(p.control) ? p.control : [p.control]).forEach(c => c.removeAttribute('aria-invalid'));
  }
  function setError(name, fn) {
    const p = parts[name];
    if (!p || p.errEl.childNodes.length) return;
    p.errEl.replaceChildren(N(fn));
    (Array.isArray(p.control) ? p.control : [p.control]).forEach(c => c.setAttribute('aria-invalid', 'true'));
  }
  /** Returns true when there are errors (shown next to their fields; the first one gets focus). */
  function validate(v, extra = []) {
    for (const name of Object.keys(parts)) clearError(name);
    const errors = [];
    for (const [name, p] of Object.entries(parts)) {
      if (p.wrap.hidden) continue;
      const val = v[name];
      const label = () => t(p.f.label ?? name);
      if (p.f.required && (val == null || val === '')) errors.push({ field: name, msg: () => t('v_required', { field: label }) });
      else if (typeof val === 'string' && val !== '' && val.trim() === '' && p.f.kind !== 'select') {
        errors.push({ field: name, msg: () => t('v_blank', { field: label }) }); // the API refuses text of only whitespace
      }
      else if (typeof val === 'string' && val.length > (p.f.max ?? limits().text)) {
        errors.push({ field: name, msg: () => t('v_max', { field: label, max: p.f.max ?? limits().text, len: val.length }) });
      }
    }
    errors.push(...extra);
    for (const e of errors) setError(e.field, e.msg);
    if (errors.length) {
      const first = parts[errors[0].field];
      (Array.isArray(first.control) ? first.control[0] : first.control).focus();
      return errors;
    }
    return null;
  }
  update();
  return { el, values, validate };
}
