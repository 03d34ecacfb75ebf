// One alarm: every field, labels and annotations, handle histories, and the Clear and "transfer to incident"
// actions (GET /v1/alarm-mgmt/alarm/{id}, …/handle-histories, POST …/alarms/cancel, …/alarms-linked-incident).
import { h } from '../dom.js';
import { t, N, L } from '../i18n.js';
import { api, errorText } from '../api.js';
import { limits, regionRequired } from '../rules.js';
import { enumName, personName } from '../names.js';
import { markRefreshed } from '../shell.js';
import { alarmStatusBadge, importanceBadge, timeEl, flash } from '../widgets.js';
import { openFormDialog, closeDialog } from '../forms/dialog.js';
import { enumOptions, peopleOptions, applicationOptions, sceneOptions, roleOptions, assignModeOptions } from '../forms/options.js';

const HISTORY_PAGE = 100;
const LEVEL_OF = { urgent: 'level_20', major: 'level_30', minor: 'level_40', warn: 'level_50' };

const ticketLink = (n) => h('a', { href: `#/ticket/${encodeURIComponent(n)}`, class: 'mono' }, n);

export function alarmView(id) {
  let lastKey = null;
  const heading = h('h1', { tabindex: '-1' }, id);
  const sections = {
    head: h('div', { class: 'alarm-head' }),
    actions: h('section', { class: 'card', id: 'alarm-actions', 'aria-labelledby': 'alarm-actions-h' }),
    details: h('section', { class: 'card', 'aria-labelledby': 'alarm-details-h' }),
    labels: h('section', { class: 'card', id: 'alarm-labels', 'aria-labelledby': 'alarm-labels-h' }),
    annotations: h('section', { class: 'card', id: 'alarm-annotations', 'aria-labelledby': 'alarm-annotations-h' }),
    histories: h('section', { class: 'card', id: 'handle-histories', 'aria-labelledby': 'handle-h' }),
  };
  const el = h('article', { class: 'view-alarm', 'data-alarm': id },
    h('p', null, h('a', { href: '#/alarms' }, L('back_to_alarms'))),
    heading, sections.head, sections.actions,
    h('div', { class: 'cols' }, sections.details, h('div', null, sections.labels, sections.annotations)),
    sections.histories);

  async function refresh(background) {
    try {
      const path = `/v1/alarm-mgmt/alarm/${encodeURIComponent(id)}`;
      const [a, hist] = await Promise.all([api(path), api(`${path}/handle-histories?offset=0&limit=${HISTORY_PAGE}`)]);
      const key = JSON.stringify([a.json, hist.json]);
      if (key !== lastKey) { lastKey = key; render(a.json.data, hist.json); }
      markRefreshed();
    } catch (e) {
      if (background) { markRefreshed(e.message); return; }
      sections.head.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, errorText(e)));
    }
  }

  function render(a, hist) {
    heading.textContent = a.name;
    sections.head.replaceChildren(h('p', { class: 'badges' }, alarmStatusBadge(a.status), ' ', importanceBadge(a.importance),
      a.associate_event_id ? h('span', { id: 'alarm-incident' }, ' ', L('linked_incident'), ': ', ticketLink(a.associate_event_id)) : null));

    const buttons = [];
    if (a.status === 'alarming') buttons.push(h('button', { type: 'button', class: 'op', id: 'alarm-clear', onclick: () => openClear(a) }, L('clear_alarm')));
    if (!a.associate_event_id) buttons.push(h('button', { type: 'button', class: 'op', id: 'alarm-transfer', onclick: () => openTransfer(a) }, L('transfer_alarm')));
    sections.actions.replaceChildren(h('h2', { id: 'alarm-actions-h', tabindex: '-1' }, L('actions')),
      buttons.length ? h('div', { class: 'buttons' }, buttons) : L('no_alarm_actions', null, 'p', { class: 'muted' }));

    const dd = (v) => h('dd', null, v == null || v === '' ? N(() => t('none')) : v);
    const mono = (v) => v == null ? null : h('span', { class: 'mono' }, v);
    const ci = a.clear_info;
    sections.details.replaceChildren(
      h('h2', { id: 'alarm-details-h' }, L('details')),
      h('dl', { class: 'kv details alarm-details' },
        h('dt', null, L('alarm_id')), dd(mono(a.id)),
        h('dt', null, L('alarm_name')), dd(a.name),
        h('dt', null, L('status')), dd(alarmStatusBadge(a.status)),
        h('dt', null, L('importance')), dd(importanceBadge(a.importance)),
        h('dt', null, L('converge_count')), dd(String(a.converge_count)),
        h('dt', null, L('alarm_description')), dd(a.description ? h('span', { class: 'pre' }, a.description) : null),
        h('dt', null, L('come_from')), dd(a.come_from),
        h('dt', null, L('integration')), dd(a.integration_id ? [a.transfer_rule_name ?? '', ' ', h('span', { class: 'mono small' }, `(${a.integration_id}, ${a.integration_type})`)] : null),
        h('dt', null, L('source_key')), dd(mono(a.source_key)),
        h('dt', null, L('group_key')), dd(mono(a.group_key)),
        h('dt', null, L('linked_incident')), dd(a.associate_event_id ? ticketLink(a.associate_event_id) : null),
        h('dt', null, L('owner')), dd(a.owner ? N(() => personName(a.owner)) : null),
        h('dt', null, L('app')), dd(a.app),
        h('dt', null, L('region')), dd(a.region),
        h('dt', null, L('namespace')), dd(a.namespace),
        h('dt', null, L('resource')), dd(a.resource_name || a.resource_id ? `${a.resource_name ?? ''} ${a.resource_id ? `(${a.resource_id})` : ''}`.trim() : null),
        h('dt', null, L('alarm_url')), dd(a.url ? h('span', { class: 'mono small' }, a.url) : null),
        h('dt', null, L('first_occur_time')), dd(timeEl(a.first_occur_time)),
        h('dt', null, L('last_occur_time')), dd(timeEl(a.last_occur_time)),
        h('dt', null, L('create_time')), dd(timeEl(a.create_time)),
        h('dt', null, L('update_time')), dd(timeEl(a.update_time)),
        h('dt', null, L('resolved_time')), dd(timeEl(a.resolved_time)),
        h('dt', null, L('resolved_by')), dd(a.resolved_by ? L(`resolved_by_${a.resolved_by}`) : null),
        h('dt', null, L('remarks')), dd(a.remarks ? h('span', { class: 'pre' }, a.remarks) : null),
        h('dt', null, L('clear_info')), dd(ci ? N(() => `${t('is_service_interrupt')}: ${t(ci.is_service_interrupt ? 'yes' : 'no')}`) : null),
        h('dt', null, L('truncated_alerts')), dd(a.truncated_alerts ? String(a.truncated_alerts) : null),
        h('dt', null, L('auto_process')), dd(a.task_type ? `${a.task_type} ${a.associated_task_type ?? ''} ${a.associated_task_name ?? a.associated_task_id ?? ''}`.trim() : null),
        h('dt', null, L('additional')), dd(a.additional == null ? null : h('span', { class: 'pre mono small' }, JSON.stringify(a.additional, null, 2)))));

    sections.labels.replaceChildren(h('h2', { id: 'alarm-labels-h' }, L('labels')), pairs(a.labels));
    sections.annotations.replaceChildren(h('h2', { id: 'alarm-annotations-h' }, L('annotations')), pairs(a.annotations));

    const rr = hist.resolved_record;
    sections.histories.replaceChildren(
      h('h2', { id: 'handle-h' }, L('handle_histories'), ' ', h('span', { class: 'muted small' }, `(${hist.count})`)),
      rr ? h('p', { id: 'resolved-record', class: 'resolved-record' }, L('resolved_record'), ': ', timeEl(rr.resolved_time), ' · ',
        N(() => personName(rr.create_name)), rr.remarks ? [' · ', h('span', { class: 'pre' }, rr.remarks)] : null) : '',
      hist.alarm_handle_histories.length === 0 ? L('no_handle_history', null, 'p', { class: 'muted' })
        : h('ol', { class: 'timeline' }, hist.alarm_handle_histories.map(e => h('li', { class: 'tl-item', 'data-task': e.task_type },
          h('div', { class: 'tl-head' },
            h('strong', null, e.task_type ?? ''), ' ', h('span', { class: 'badge st-draft' }, e.status ?? ''),
            ' ', h('span', { class: 'muted' }, L('by'), ' '), N(() => personName(e.create_name)),
            ' ', h('span', { class: 'muted' }, timeEl(e.start_time))),
          h('div', null,
            e.task_type === 'TRANSFER' && e.associated_task_id ? ticketLink(e.associated_task_id) : h('span', { class: 'mono small' }, e.associated_task_id ?? ''),
            e.associated_task_name ? [' ', e.associated_task_name] : null,
            e.work_order_id ? h('span', { class: 'mono small muted' }, ` ${e.work_order_id}`) : null),
          e.message ? h('p', { class: 'pre small' }, e.message) : null))));
  }

  /** Labels or annotations as a name/value list: values are text, whatever they contain. */
  function pairs(map) {
    const entries = map ? Object.entries(map) : [];
    return entries.length === 0 ? L('none', null, 'p', { class: 'muted' })
      : h('dl', { class: 'kv pairs' }, entries.map(([k, v]) => [h('dt', { class: 'mono' }, k), h('dd', { class: 'pre' }, v)]));
  }

  function openClear(a) {
    openFormDialog({
      id: 'clear',
      heading: [L('clear_alarm'), ' · ', h('span', { class: 'small' }, a.name)],
      hint: () => t('clear_hint'),
      fields: [
        { name: 'remarks', kind: 'textarea', max: 100 },
        { name: 'is_service_interrupt', kind: 'bool', required: true, value: false },
        { name: 'start_time', kind: 'datetime' },
        { name: 'fault_recovery_time', kind: 'datetime' },
      ],
      refresh,
      async send(v) {
        const body = { alarm_ids: a.id, is_service_interrupt: v.is_service_interrupt };
        if (v.remarks) body.remarks = v.remarks;
        if (v.start_time != null) body.start_time = v.start_time;
        if (v.fault_recovery_time != null) body.fault_recovery_time = v.fault_recovery_time;
        await api('/v1/alarm-mgmt/alarms/cancel', { method: 'POST', body });
        flash(() => t('alarm_cleared', { name: a.name }));
      },
    });
  }

  function openTransfer(a) {
    const title = `${a.name}${a.annotations?.summary ? ': ' + a.annotations.summary : ''}`.slice(0, limits().title);
    openFormDialog({
      id: 'tr',
      heading: [L('transfer_alarm'), ' · ', h('span', { class: 'small' }, a.name)],
      hint: () => t('transfer_hint'),
      fields: [
        { name: 'title', label: 'incident_title', kind: 'text', required: true, max: 255, value: title },
        { name: 'description', label: 'incident_description', kind: 'textarea', required: true, max: 600, value: (a.description || a.name).slice(0, 600) },
        { name: 'level_id', label: 'incident_level', kind: 'select', required: true, options: enumOptions('levels'), value: LEVEL_OF[a.importance] },
        { name: 'mtm_type', label: 'incident_type', kind: 'select', required: true, options: enumOptions('types') },
        { name: 'is_service_interrupt', kind: 'bool', required: true, value: false },
        { name: 'current_cloud_service_id', label: 'current_cloud_service', kind: 'select', required: true, options: applicationOptions },
        { name: 'assign_mode', label: 'assign_to', kind: 'radio', required: true, value: 'person', options: assignModeOptions },
        { name: 'assignee', label: 'incident_assignee', kind: 'select', options: peopleOptions, showIf: v => v.assign_mode !== 'schedule' },
        { name: 'assignee_scene', kind: 'select', options: sceneOptions, showIf: v => v.assign_mode === 'schedule' },
        { name: 'assignee_role', kind: 'select', options: roleOptions, showIf: v => v.assign_mode === 'schedule' },
        { name: 'mtm_region', label: 'region', kind: 'text', max: limits().text, value: a.region ?? '' },
        { name: 'enterprise_project_id', label: 'enterprise_project', kind: 'text', max: limits().text },
      ],
      check(v) {
        const extra = [];
        if (v.title && !v.title.trim()) extra.push({ field: 'title', msg: () => t('v_blank', { field: () => t('incident_title') }) });
        if (v.assign_mode === 'schedule' ? !(v.assignee_scene && v.assignee_role) : !v.assignee) {
          extra.push({ field: v.assign_mode === 'schedule' ? (v.assignee_scene ? 'assignee_role' : 'assignee_scene') : 'assignee', msg: () => t('v_assignee_rule') });
        }
        if (v.level_id && !v.mtm_region && regionRequired(v.level_id, v.current_cloud_service_id)) {
          extra.push({ field: 'mtm_region', msg: () => t('v_region_warroom', { level: () => enumName('levels', v.level_id) }) });
        }
        return extra;
      },
      refresh,
      async send(v) {
        const body = {
          alarm_ids: a.id, title: v.title, description: v.description, level_id: v.level_id, mtm_type: v.mtm_type,
          is_service_interrupt: v.is_service_interrupt, current_cloud_service_id: v.current_cloud_service_id,
        };
        if (v.assign_mode === 'schedule') { body.assignee_scene = v.assignee_scene; body.assignee_role = v.assignee_role; }
        else body.assignee = v.assignee;
        if (v.mtm_region) body.mtm_region = v.mtm_region;
        if (v.enterprise_project_id) body.enterprise_project_id = v.enterprise_project_id;
        const { json } = await api('/v1/alarm-mgmt/alarms-linked-incident', { method: 'POST', body });
        flash(() => t('alarm_transferred', { n: json.incident_num }));
      },
    });
  }

  return {
    name: 'alarm', el, refresh,
    title: () => heading.textContent,
    update(r) { return r.id === id; },
    dispose() { closeDialog(); },
  };
}
