// The UI language: labels by key, and elements whose text follows the language.
import { LABELS } from './labels.js';
import { h } from './dom.js';

let current = storedLang();

function storedLang() {
  const l = localStorage.getItem('coc.lang');
  if (l === 'zh' || l === 'en') return l;
  return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export const lang = () => current;

export function setLang(l) {
  current = l === 'zh' ? 'zh' : 'en';
  localStorage.setItem('coc.lang', current);
}

/** The label for a key, or undefined when there is none. */
export const label = (key) => LABELS[current][key] ?? LABELS.en[key];

export function t(key, vars) {
  let s = label(key) ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => {
    const v = vars[k];
    return v == null ? m : String(typeof v === 'function' ? v() : v);
  });
  return s;
}

/** An element whose text is worked out again when the language changes (or the SLA clock ticks). */
export function N(fn, tag = 'span', props) {
  const el = h(tag, props);
  el.dataset.tr = '';
  el._tr = fn;
  el.textContent = fn();
  return el;
}
export const L = (key, vars, tag, props) => N(() => t(key, vars), tag, props);

/** Sets an attribute that follows the language (aria-label, title, placeholder). */
export function trAttr(el, attr, fn) {
  el.dataset.tr = '';
  (el._tra ??= {})[attr] = fn;
  el.setAttribute(attr, fn());
  return el;
}

export function relabel(root = document) {
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-tr]')) {
    if (el._tr) el.textContent = el._tr();
    if (el._tra) for (const [a, f] of Object.entries(el._tra)) el.setAttribute(a, f());
  }
}
