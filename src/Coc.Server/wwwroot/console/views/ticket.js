// One ticket: details, pending request, allowed operations, SLA timers, linked alarms, attachments, notes and the history
// timeline, newest first (GET /v1/external/incident/{n}, POST list-histories, attachments, v2 addRemark).
import { h } from '../dom.js';
import { t, N, L, trAttr } from '../i18n.js';
import { api, errorText } from '../api.js';
import { attachmentRules } from '../rules.js';
import { nameOf, enumName, personName, appName } from '../names.js';
import { ticketNote } from './ticket-note.js';
import { timelineItems } from './ticket-timeline.js';
import { fmtTime, fmtDur, formatSize, limitSize } from '../format.js';
import { markRefreshed } from '../shell.js';
import { statusBadge, levelBadge, flash, importanceBadge, alarmStatusBadge } from '../widgets.js';
import { alarmLink } from './alarms.js';
import { closeDialog } from '../forms/dialog.js';
import { warRoomPanel } from './warroom-panel.js';
import { ticketActions } from './ticket-actions.js';
import { ticketResolution } from './ticket-resolution.js';

export function ticketView(num) {
  let ticket = null;
  let lastKey = null;
  let fetchedAt = 0;
  const sections = {
    head: h('div', { class: 'ticket-head' }),
    pending: h('div', { id: 'pending' }),
    actions: h('section', { class: 'card', id: 'actions', 'aria-labelledby': 'actions-h' }),
    details: h('section', { class: 'card', 'aria-labelledby': 'details-h' }),
    alarms: h('section', { class: 'card', id: 'linked-alarms', 'aria-labelledby': 'linked-alarms-h' }),
    sla: h('section', { class: 'card', id: 'sla', 'aria-labelledby': 'sla-h' }),
    files: h('ul', { class: 'files', id: 'attachment-list' }),
    timeline: h('ol', { class: 'timeline', id: 'timeline' }),
  };
  const warRoom = warRoomPanel();
  const actions = ticketActions(sections.actions, refresh);
  const resolution = ticketResolution();
  const note = ticketNote(num, refresh);
  const heading = h('h1', { tabindex: '-1', class: 'mono' }, num);
  const uploadForm = buildUpload();
  const el = h('article', { class: 'view-ticket', 'data-ticket': num },
    h('p', null, h('a', { href: '#/' }, L('back_to_list'))),
    heading,
    sections.head,
    sections.pending,
    sections.actions,
    h('div', { class: 'cols' },
      h('div', null, resolution.el, sections.details),
      h('div', null,
        sections.sla,
        warRoom.el,
        sections.alarms,
        h('section', { class: 'card', id: 'attachments', 'aria-labelledby': 'att-h' },
          h('h2', { id: 'att-h' }, L('attachments')), sections.files, uploadForm))),
    h('section', { class: 'card', id: 'history', 'aria-labelledby': 'hist-h' }, h('h2', { id: 'hist-h' }, L('history')), note.el,
      sections.timeline));

  const ticker = setInterval(() => {
    for (const n of sections.sla.querySelectorAll('[data-tr]')) n.textContent = n._tr();
  }, 1000);

  async function refresh(background) {
    try {
      const histBody = { string_filters: [{ operator: '=', field: 'ticket_id', values: [num] }], sort_filter: { operator: 'asc', field: 'start_time' } };
      const [d, hist] = await Promise.all([
        api(`/v1/external/incident/${encodeURIComponent(num)}`),
        api('/v1/external/incident/list-histories', { method: 'POST', body: histBody }),
      ]);
      const key = JSON.stringify([d.json.data, hist.json.data]);
      fetchedAt = Date.now();
      if (key !== lastKey) {
        lastKey = key;
        ticket = d.json.data;
        render(ticket, hist.json.data.info);
      }
      markRefreshed();
    } catch (e) {
      if (background) { markRefreshed(e.message); return; }
      if (e.code === 'COC.00067003') sections.head.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, L('not_found', { n: num })));
      else sections.head.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, errorText(e)));
    }
  }

  function render(tk, history) {
    // Keep keyboard focus on the same control when a refresh redraws it.
    const focusedId = document.activeElement?.id;
    const named = (filed, set, key) => () => {
      const e = tk.enum_data_list.find(x => x.filed_key === filed && x.enum_key === key);
      return e ? nameOf(e) : set === 'people' ? personName(key) : set === 'apps' ? appName(key) : enumName(set, key);
    };
    heading.textContent = `${tk.incident_num}`;
    sections.head.replaceChildren(
      h('p', { class: 'ticket-title' }, tk.incident_title),
      h('p', { class: 'badges' }, statusBadge(tk.status, named('work_flow_status', 'statuses', tk.status)), ' ',
        levelBadge(tk.incident_level, named('level_id', 'levels', tk.incident_level)),
        tk.paused_until ? h('span', { class: 'badge paused' }, L('paused_until', { time: () => fmtTime(tk.paused_until) })) : null));

    // Pending request: shown prominently, above everything else that can be done.
    const pr = tk.pending_request;
    sections.pending.replaceChildren(pr ? h('section', { class: 'pending', 'aria-labelledby': 'pending-h', role: 'region' },
      h('h2', { id: 'pending-h' }, L('pending_request'), ': ', L(pr.type === 'pause' ? 'pending_pause' : 'pending_level')),
      h('dl', { class: 'kv' },
        h('dt', null, L('requested_by')), h('dd', null, N(() => personName(pr.requested_by))),
        h('dt', null, L('requested_at')), h('dd', null, fmtTime(pr.requested_at)),
        h('dt', null, L('reason')), h('dd', null, pr.reason ?? ''),
        pr.pause_end_time != null ? [h('dt', null, L('pause_end')), h('dd', null, fmtTime(pr.pause_end_time))] : null,
        pr.target_level != null ? [h('dt', null, L('target_level')), h('dd', null, levelBadge(pr.target_level))] : null),
      L('pending_hint', null, 'p', { class: 'muted' })) : '');

    actions.show(tk);

    const dd = (v) => h('dd', null, v == null || v === '' ? t('none') : v);
    const time = (ms) => h('dd', null, ms == null ? N(() => t('none')) : h('time', { datetime: new Date(ms).toISOString() }, fmtTime(ms)));
    const list = (arr, fn = (x) => x) => arr.length ? N(() => arr.map(fn).join(', ')) : N(() => t('none'));
    const assignee = tk.incident_assignee[0];
    sections.details.replaceChildren(
      h('h2', { id: 'details-h' }, L('details')),
      h('dl', { class: 'kv details' },
        h('dt', null, L('incident_num')), dd(h('span', { class: 'mono' }, tk.incident_num)),
        h('dt', null, L('incident_title')), dd(tk.incident_title),
        h('dt', null, L('incident_description')), dd(tk.incident_description ? h('span', { class: 'pre' }, tk.incident_description) : null),
        h('dt', null, L('status')), dd(N(named('work_flow_status', 'statuses', tk.status))),
        h('dt', null, L('incident_level')), dd(N(named('level_id', 'levels', tk.incident_level))),
        h('dt', null, L('incident_type')), dd(N(named('mtm_type', 'types', tk.incident_type))),
        h('dt', null, L('incident_source')), dd(N(named('source_id', 'sources', tk.incident_source))),
        h('dt', null, L('incident_ownership')), dd(tk.incident_ownership ? N(() => enumName('ownerships', tk.incident_ownership)) : null),
        h('dt', null, L('is_service_interrupt')), dd(L(tk.is_service_interrupt ? 'yes' : 'no')),
        h('dt', null, L('incident_assignee')), dd(assignee ? N(named('assignee', 'people', assignee)) : null),
        h('dt', null, L('assignee_scene')), dd(tk.assignee_scene),
        h('dt', null, L('assignee_role')), dd(tk.assignee_role),
        h('dt', null, L('creator')), dd(N(named('creator', 'people', tk.creator))),
        h('dt', null, L('region')), dd(list(tk.region)),
        h('dt', null, L('enterprise_project')), dd(list(tk.enterprise_project)),
        h('dt', null, L('current_cloud_service')), dd(tk.current_cloud_service.length
          ? N(named('current_cloud_service_id', 'apps', tk.current_cloud_service[0])) : null),
        h('dt', null, L('warroom_id')), dd(tk.warroom_id ? h('span', { class: 'mono' }, tk.warroom_id) : null),
        h('dt', null, L('create_time')), time(tk.create_time),
        h('dt', null, L('start_time')), time(tk.start_time),
        h('dt', null, L('accept_time')), time(tk.accept_time),
        h('dt', null, L('handle_time')), time(tk.handle_time),
        h('dt', null, L('fault_recovery_time')), time(tk.fault_recovery_time),
        h('dt', null, L('fault_delineation_time')), time(tk.fault_delineation_time),
        h('dt', null, L('complete_time')), time(tk.complete_time)));

    warRoom.show(tk);
    resolution.show(history);
    sections.alarms.hidden = !(tk.alarms?.length);
    sections.alarms.replaceChildren(h('h2', { id: 'linked-alarms-h' }, L('linked_alarms')),
      h('ul', { class: 'files' }, (tk.alarms ?? []).map(a => h('li', { 'data-alarm': a.alarm_id },
        alarmLink(a.alarm_id, a.name), ' ', importanceBadge(a.importance), ' ', alarmStatusBadge(a.status),
        h('span', { class: 'mono small muted' }, a.alarm_id)))));

    // SLA: final values once known; until then a running clock (paused time excluded).
    const pausedNow = () => tk.paused_until != null && Date.now() < tk.paused_until;
    const pausedMs = () => tk.paused_ms + (pausedNow() ? Date.now() - fetchedAt : 0);
    const tta = () => {
      if (tk.mtta_ms != null) return fmtDur(tk.mtta_ms);
      if (tk.status === 'INCIDENT_STATUS_COMPLETED') return t('none'); // closed without ever being accepted
      return `${fmtDur(Date.now() - tk.create_time)} (${t('running')})`;
    };
    const ttr = () => {
      if (tk.mttr_ms != null) return fmtDur(tk.mttr_ms);
      if (tk.status === 'INCIDENT_STATUS_COMPLETED') return t('none');
      return `${fmtDur(Date.now() - tk.create_time - pausedMs())} (${t(pausedNow() ? 'stopped_paused' : 'running')})`;
    };
    sections.sla.replaceChildren(
      h('h2', { id: 'sla-h' }, L('sla')),
      h('dl', { class: 'kv sla' },
        h('dt', null, L('time_to_accept')), h('dd', { id: 'sla-tta' }, N(tta)),
        h('dt', null, L('time_to_resolve')), h('dd', { id: 'sla-ttr' }, N(ttr)),
        h('dt', null, L('paused_time')), h('dd', { id: 'sla-paused' }, N(() => fmtDur(pausedMs())),
          tk.paused_until ? [' ', L('paused_until', { time: () => fmtTime(tk.paused_until) }, 'span', { class: 'muted' })] : null)));

    sections.files.replaceChildren(...(tk.attachments.length === 0
      ? [L('no_attachments', null, 'li', { class: 'muted' })]
      : tk.attachments.map(a => h('li', null,
        h('span', { class: 'file-name' }, a.doc_name), ' ',
        h('span', { class: 'muted' }, `${formatSize(a.size)} · ${fmtTime(a.uploaded_at)}`), ' ',
        trAttr(h('button', { type: 'button', class: 'small', onclick: () => download(a) }, L('download')),
          'aria-label', () => `${t('download')} ${a.doc_name}`)))));
    uploadForm.dataset.count = String(tk.attachments.length);

    note.show(tk);
    sections.timeline.replaceChildren(...timelineItems(history, tk.pending_request));

    if (focusedId && document.activeElement?.id !== focusedId) {
      // The control that had focus may be gone (e.g. the operation just ran): fall back to the actions heading.
      (document.getElementById(focusedId) ?? document.getElementById('actions-h'))?.focus({ preventScroll: true });
    }
  }

  function buildUpload() {
    const rules = attachmentRules();
    const input = h('input', { type: 'file', id: 'upload-file', name: 'file', accept: rules.file_types.map(x => '.' + x).join(',') });
    const err = h('div', { class: 'form-error', role: 'alert', id: 'upload-error' });
    const button = h('button', { type: 'submit' }, L('upload'));
    const form = h('form', { class: 'upload', 'aria-label': 'upload' },
      h('div', { class: 'field' }, h('label', { for: 'upload-file' }, L('file', { size: limitSize(rules.max_file_bytes) })), input), err, h('div', { class: 'buttons' }, button));
    trAttr(form, 'aria-label', () => t('upload'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      err.replaceChildren();
      const file = input.files[0];
      const ext = file ? file.name.split('.').pop().toLowerCase() : '';
      const problem = !file ? 'v_file_missing'
        : file.size > rules.max_file_bytes ? 'v_file_size'
        : !rules.file_types.includes(ext) ? 'v_file_type'
        : Number(form.dataset.count || 0) >= rules.max_per_ticket ? 'v_file_count' : null;
      if (problem) {
        err.replaceChildren(L(problem, { size: limitSize(rules.max_file_bytes), n: rules.max_per_ticket }));
        input.focus();
        return;
      }
      const fd = new FormData();
      fd.append('file', file, file.name);
      fd.append('incident_num', num);
      button.disabled = true;
      button.replaceChildren(L('uploading'));
      try {
        await api('/v1/external/incident/attachments', { method: 'POST', form: fd });
        input.value = '';
        flash(() => t('uploaded', { name: file.name }));
        await refresh();
      } catch (e) {
        err.replaceChildren(h('strong', null, L('error_prefix'), ': '), errorText(e));
      } finally {
        button.disabled = false;
        button.replaceChildren(L('upload'));
      }
    });
    return form;
  }

  async function download(a) {
    try {
      // A GET: the session cookie (secure mode) is its credential, as for every other call.
      const res = await fetch(`/v1/external/incident/attachments/${encodeURIComponent(a.doc_id)}`);
      if (!res.ok) {
        let msg = res.statusText;
        try { msg = (await res.json()).error_msg ?? msg; } catch { /* not JSON */ }
        throw new Error(msg);
      }
      const url = URL.createObjectURL(await res.blob());
      const link = h('a', { href: url, download: a.doc_name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30000);
    } catch (e) {
      flash(() => e.message, 'error');
    }
  }

  return {
    name: 'ticket', el, refresh,
    title: () => num,
    update(r) { return r.num === num; },
    live: (e) => e.data?.data?.incident?.incident_num === num,
    dispose() { clearInterval(ticker); closeDialog(); actions.dispose(); },
  };
}
