// The choices of the forms' pickers, from the served reference data.
import { t } from '../i18n.js';
import { nameOf, personLabel } from '../names.js';
import { reference, scenes, roles } from '../rules.js';

export const enumOptions = (set, except) => () =>
  reference().catalog[set].filter(e => e.key !== except).map(e => ({ value: e.key, label: () => nameOf(e) }));
export const peopleOptions = () => reference().directory.people.map(p => ({ value: p.id, label: () => personLabel(p) }));
export const applicationOptions = () => (reference().directory.applications ?? []).map(a => ({ value: a.id, label: () => nameOf(a) }));
export const sceneOptions = () => scenes().map(s => ({ value: s, label: () => s }));
export const roleOptions = () => roles().map(s => ({ value: s, label: () => s }));

/** The two ways to name an assignee: a person, or whoever is on duty. */
export const assignModeOptions = () =>
  [{ value: 'person', label: () => t('assign_person') }, { value: 'schedule', label: () => t('assign_schedule') }];
