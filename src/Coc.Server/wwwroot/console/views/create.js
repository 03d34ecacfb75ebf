// The create form: POST /v1/external/incident/create with the fields api.md lists.
import { h } from '../dom.js';
import { t, L } from '../i18n.js';
import { api } from '../api.js';
import { limits, onDuty, regionLevels, regionRequired } from '../rules.js';
import { enumName, personName } from '../names.js';
import { actingPerson } from '../shell.js';
import { flash, refusal } from '../widgets.js';
import { buildForm } from '../forms/form.js';
import { fieldError, startTimeCheck } from '../forms/checks.js';
import { enumOptions, peopleOptions, applicationOptions, sceneOptions, roleOptions, assignModeOptions } from '../forms/options.js';

export function createView() {
  const warLevels = regionLevels();
  const onDutyEl = h('p', { class: 'hint', id: 'c-onduty', 'aria-live': 'polite' });
  const fields = [
    { name: 'incident_title', kind: 'text', required: true, max: limits().title },
    { name: 'incident_description', kind: 'textarea', max: limits().description },
    { name: 'incident_level', kind: 'select', required: true, options: enumOptions('levels') },
    { name: 'incident_type', kind: 'select', required: true, options: enumOptions('types') },
    { name: 'incident_source', kind: 'select', required: true, options: enumOptions('sources'), value: 'incident_source_manual' },
    { name: 'is_service_interrupt', kind: 'bool', required: true, value: false },
    { name: 'incident_ownership', kind: 'select', options: enumOptions('ownerships') },
    { name: 'assign_mode', label: 'assign_to', kind: 'radio', required: true, value: 'person', options: assignModeOptions },
    { name: 'incident_assignee', kind: 'select', options: peopleOptions, showIf: v => v.assign_mode !== 'schedule' },
    { name: 'assignee_scene', kind: 'select', options: sceneOptions, showIf: v => v.assign_mode === 'schedule' },
    { name: 'assignee_role', kind: 'select', options: roleOptions, showIf: v => v.assign_mode === 'schedule',
      onUpdate: (v, p) => {
        const person = onDuty(v.assignee_scene, v.assignee_role);
        onDutyEl.replaceChildren(v.assign_mode !== 'schedule' || !v.assignee_scene || !v.assignee_role ? ''
          : person ? L('on_duty', { name: () => personName(person) }) : L('nobody_on_duty'));
        if (!onDutyEl.isConnected) p.wrap.append(onDutyEl);
      } },
    { name: 'creator', kind: 'select', required: true, options: peopleOptions, value: actingPerson() },
    { name: 'region', kind: 'text', max: limits().text, hint: () => t('region_hint', { levels: warLevels.map(l => enumName('levels', l)).join(', ') }) },
    { name: 'enterprise_project', kind: 'text', max: limits().text },
    { name: 'current_cloud_service', kind: 'select', options: applicationOptions },
    { name: 'start_time', kind: 'datetime' },
  ];
  const form = buildForm('c', fields);
  const err = h('div', { class: 'form-error', role: 'alert', id: 'create-error' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'create-submit' }, L('create'));
  const f = h('form', { class: 'card create', novalidate: true, 'aria-labelledby': 'new-h' }, form.el, err, h('div', { class: 'buttons' }, submit));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    const v = form.values();
    const extra = [];
    if (v.incident_title && !v.incident_title.trim()) extra.push(fieldError('incident_title', 'v_blank'));
    if (v.assign_mode === 'schedule' ? !(v.assignee_scene && v.assignee_role) : !v.incident_assignee) {
      extra.push({ field: v.assign_mode === 'schedule' ? (v.assignee_scene ? 'assignee_role' : 'assignee_scene') : 'incident_assignee', msg: () => t('v_assignee_rule') });
    }
    startTimeCheck(v, 'start_time', extra);
    if (v.incident_level && !v.region && regionRequired(v.incident_level, v.current_cloud_service)) {
      extra.push({ field: 'region', msg: () => t('v_region_warroom', { level: () => enumName('levels', v.incident_level) }) });
    }
    if (form.validate(v, extra)) return;
    const body = {
      incident_level: v.incident_level, is_service_interrupt: v.is_service_interrupt, incident_type: v.incident_type,
      incident_title: v.incident_title, incident_source: v.incident_source, creator: v.creator,
    };
    if (v.incident_description) body.incident_description = v.incident_description;
    if (v.incident_ownership) body.incident_ownership = v.incident_ownership;
    if (v.region) body.region = [v.region];
    if (v.enterprise_project) body.enterprise_project = [v.enterprise_project];
    if (v.current_cloud_service) body.current_cloud_service = [v.current_cloud_service];
    if (v.assign_mode === 'schedule') { body.assignee_scene = v.assignee_scene; body.assignee_role = v.assignee_role; }
    else body.incident_assignee = [v.incident_assignee];
    if (v.start_time != null) body.start_time = v.start_time;
    submit.disabled = true;
    submit.replaceChildren(L('creating'));
    try {
      const { json } = await api('/v1/external/incident/create', { method: 'POST', body });
      const n = json.data.incident_num;
      flash(() => t('created', { n }));
      location.hash = `#/ticket/${encodeURIComponent(n)}`;
    } catch (e) {
      err.replaceChildren(...refusal(e));
      submit.disabled = false;
      submit.replaceChildren(L('create'));
    }
  });
  const el = h('section', { class: 'view-new', 'aria-labelledby': 'new-h' },
    h('h1', { id: 'new-h', tabindex: '-1' }, L('new_title')), f);
  return { name: 'new', el, title: () => t('new_title'), update: () => true };
}
