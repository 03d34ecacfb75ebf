// Display names from the catalog, the directory and the workflow table, in the current language.
import { t, lang } from './i18n.js';
import { reference } from './rules.js';

export const nameOf = (entry) => entry ? (lang() === 'zh' ? entry.name_zh : entry.name_en) : null;
const enumEntry = (set, key) => reference()?.catalog[set]?.find(e => e.key === key);
export const enumName = (set, key) => key == null || key === '' ? t('none') : nameOf(enumEntry(set, key)) ?? key;
/** "Alice (ops-alice)"; long ids are shortened for the picker (the value stays the full id). */
export const personLabel = (p) => `${nameOf(p)} (${p.id.length > 14 ? p.id.slice(0, 8) + '…' : p.id})`;
const person = (id) => reference()?.directory.people.find(p => p.id === id);
export const personName = (id) => id == null || id === '' ? t('none') : nameOf(person(id)) ?? id;
export const appName = (id) => nameOf(reference()?.directory.applications?.find(a => a.id === id)) ?? id;
export const opName = (key) => {
  const row = reference()?.workflow.find(r => r.operate_key === key);
  return row ? nameOf(row) : key === 'create' ? (lang() === 'zh' ? '创建' : 'Create') : key;
};
