// One entry per operate_key of workflow.md: the form's fields (exactly that operation's parameters), the
// checks the API makes on them (so most mistakes are caught before the request), and the `parameter`
// object sent to POST /v1/external/incident/handle. The API stays the judge: its error_msg is shown as is.
// Lengths, the start-time rule, where a WarRoom needs a region and who is on duty are the server's (rules.js).
import { t } from '../i18n.js';
import { enumName, personName } from '../names.js';
import { limits, onDuty, regionRequired } from '../rules.js';
import { enumOptions, peopleOptions, applicationOptions, sceneOptions, roleOptions, assignModeOptions } from './options.js';
import { fieldError as err, startTimeCheck } from './checks.js';

const note = () => ({ name: 'note', kind: 'textarea', max: limits().comment, rows: 3 });
const withNote = (v) => (v.note ? { note: v.note } : {});

export const OPERATIONS = {
  acceptedIncident1: {
    fields: () => [],
    hint: (c) => t('accept_hint', { name: personName(c.operator) }),
    parameter: () => undefined, // the SDK omits it for accept
  },

  commitSolution1: {
    fields: ({ ticket }) => [
      { name: 'mtm_type', kind: 'select', required: true, options: enumOptions('types'), value: ticket.incident_type },
      { name: 'is_service_interrupt', kind: 'bool', required: true, value: ticket.is_service_interrupt },
      { name: 'cause', kind: 'textarea', required: true, max: limits().solution },
      { name: 'solution', kind: 'textarea', required: true, max: limits().solution },
      { name: 'start_time', kind: 'datetime', value: ticket.start_time },
      { name: 'fault_recovery_time', kind: 'datetime', value: ticket.fault_recovery_time },
    ],
    check: (v, { ticket }) => {
      const errors = [];
      startTimeCheck(v, 'start_time', errors);
      const start = v.start_time ?? ticket.start_time;
      const recovery = v.fault_recovery_time ?? ticket.fault_recovery_time;
      if (start != null && recovery != null && recovery < start) errors.push({ field: 'fault_recovery_time', msg: () => t('v_recovery') });
      return errors;
    },
    parameter: (v) => {
      const p = { mtm_type: v.mtm_type, is_service_interrupt: v.is_service_interrupt, cause: v.cause, solution: v.solution };
      if (v.start_time != null && v.start_time$changed) p.start_time = v.start_time;
      if (v.fault_recovery_time != null && v.fault_recovery_time$changed) p.fault_recovery_time = v.fault_recovery_time;
      return p;
    },
  },

  confirm: {
    fields: () => [
      { name: 'virtual_confirm_result', kind: 'bool', required: true, trueLabel: 'confirm_true', falseLabel: 'confirm_false' },
      { name: 'virtual_confirm_comment', kind: 'textarea', required: true, max: limits().comment, rows: 3 },
    ],
    parameter: (v) => ({ virtual_confirm_result: v.virtual_confirm_result, virtual_confirm_comment: v.virtual_confirm_comment }),
  },

  forwardOther1: {
    fields: () => [
      { name: 'forward_mode', label: 'forward_to', kind: 'radio', required: true, value: 'person', options: assignModeOptions },
      { name: 'virtual_send_assignee', kind: 'select', options: peopleOptions, showIf: v => v.forward_mode !== 'schedule' },
      { name: 'virtual_schedule_type', kind: 'select', options: sceneOptions, showIf: v => v.forward_mode === 'schedule' },
      { name: 'virtual_schedule_role', kind: 'select', options: roleOptions, showIf: v => v.forward_mode === 'schedule' },
      { name: 'virtual_send_comment', kind: 'textarea', max: limits().comment, rows: 3 },
      { name: 'virtual_current_location_info', kind: 'textarea', max: limits().comment, rows: 3 },
    ],
    check: (v, { ticket }) => {
      const current = ticket.incident_assignee[0];
      if (v.forward_mode === 'schedule') {
        if (!v.virtual_schedule_type || !v.virtual_schedule_role) {
          return [{ field: v.virtual_schedule_type ? 'virtual_schedule_role' : 'virtual_schedule_type', msg: () => t('v_assignee_rule') }];
        }
        const who = onDuty(v.virtual_schedule_type, v.virtual_schedule_role);
        if (!who) return [{ field: 'virtual_schedule_role', msg: () => t('nobody_on_duty') }];
        if (who === current) return [{ field: 'virtual_schedule_role', msg: () => t('v_same_assignee') }];
        return [];
      }
      if (!v.virtual_send_assignee) return [err('virtual_send_assignee', 'v_required')];
      if (v.virtual_send_assignee === current) return [{ field: 'virtual_send_assignee', msg: () => t('v_same_assignee') }];
      return [];
    },
    parameter: (v) => {
      const p = v.forward_mode === 'schedule'
        ? { virtual_schedule_type: v.virtual_schedule_type, virtual_schedule_role: v.virtual_schedule_role }
        : { virtual_send_assignee: v.virtual_send_assignee };
      if (v.virtual_send_comment) p.virtual_send_comment = v.virtual_send_comment;
      if (v.virtual_current_location_info) p.virtual_current_location_info = v.virtual_current_location_info;
      return p;
    },
  },

  incidentPause: {
    fields: () => [
      { name: 'pause_reason', kind: 'textarea', required: true, max: limits().comment, rows: 3 },
      { name: 'pause_end_time', kind: 'datetime', required: true, value: Math.ceil((Date.now() + 3600000) / 60000) * 60000 },
    ],
    check: (v) => (v.pause_end_time != null && v.pause_end_time <= Date.now() ? [err('pause_end_time', 'v_future')] : []),
    parameter: (v) => ({ pause_reason: v.pause_reason, pause_end_time: v.pause_end_time }),
  },

  incidentChangeLevel1: {
    hint: () => t('escalation_hint'),
    fields: ({ ticket }) => [
      { name: 'virtual_target_level', kind: 'select', required: true, options: enumOptions('levels', ticket.incident_level) },
      { name: 'virtual_change_level_comment', kind: 'textarea', required: true, max: limits().comment, rows: 3 },
    ],
    check: (v, { ticket }) => (v.virtual_target_level === ticket.incident_level ? [err('virtual_target_level', 'v_same_level')] : []),
    parameter: (v) => ({ virtual_target_level: v.virtual_target_level, virtual_change_level_comment: v.virtual_change_level_comment }),
  },

  agreed: {
    hint: ({ ticket }) => t(ticket.pending_request ? 'agreed_pending_hint' : 'agreed_rejected_hint'),
    fields: () => [note()],
    parameter: withNote,
  },

  rejected: {
    hint: ({ ticket }) => t(ticket.pending_request ? 'rejected_pending_hint' : 'rejected_ticket_hint'),
    // Refusing a pending request takes an optional note; declining an unaccepted ticket needs a comment.
    fields: ({ ticket }) => ticket.pending_request ? [note()]
      : [{ name: 'virtual_confirm_comment', kind: 'textarea', required: true, max: limits().comment, rows: 3 }],
    parameter: (v, { ticket }) => (ticket.pending_request ? withNote(v) : { virtual_confirm_comment: v.virtual_confirm_comment }),
  },

  recovery: {
    fields: () => [note()],
    parameter: withNote,
  },

  ReOpen: {
    hint: () => t('reopen_hint'),
    fields: ({ ticket }) => [
      { name: 'title', kind: 'text', max: limits().title, value: ticket.incident_title },
      { name: 'description', kind: 'textarea', max: limits().description, value: ticket.incident_description ?? '' },
      { name: 'level_id', kind: 'select', options: enumOptions('levels'), value: ticket.incident_level },
      { name: 'mtm_type', kind: 'select', options: enumOptions('types'), value: ticket.incident_type },
      { name: 'is_service_interrupt', kind: 'bool', value: ticket.is_service_interrupt },
      { name: 'source_id', kind: 'select', options: enumOptions('sources'), value: ticket.incident_source },
      { name: 'incident_ownership', kind: 'select', options: enumOptions('ownerships'), value: ticket.incident_ownership ?? '' },
      { name: 'start_time', kind: 'datetime', value: ticket.start_time },
      { name: 'assignee', kind: 'select', options: peopleOptions, value: ticket.incident_assignee[0] ?? '' },
      { name: 'assignee_scene', kind: 'select', options: sceneOptions, value: ticket.assignee_scene ?? '' },
      { name: 'assignee_role', kind: 'select', options: roleOptions, value: ticket.assignee_role ?? '' },
      { name: 'mtm_region', kind: 'text', max: limits().text, value: ticket.region[0] ?? '' },
      { name: 'enterprise_project_id', kind: 'text', max: limits().text, value: ticket.enterprise_project[0] ?? '' },
      { name: 'current_cloud_service_id', kind: 'select', options: applicationOptions, value: ticket.current_cloud_service[0] ?? '' },
    ],
    check: (v, { ticket }) => {
      const errors = [];
      if (v.title$changed && !v.title.trim()) errors.push(err('title', v.title ? 'v_blank' : 'v_required'));
      startTimeCheck(v, 'start_time', errors);
      const assigneeChanged = v.assignee$changed || v.assignee_scene$changed || v.assignee_role$changed;
      if (assigneeChanged && !v.assignee && !(v.assignee_scene && v.assignee_role)) {
        errors.push({ field: 'assignee', msg: () => t('v_assignee_rule') });
      }
      // A ReOpen is checked like a create: a ticket a WarRoom rule matches needs a region (unless it has a WarRoom).
      if (!ticket.warroom_id && !v.mtm_region
        && regionRequired(v.level_id || ticket.incident_level, v.current_cloud_service_id)) {
        errors.push({ field: 'mtm_region', msg: () => t('v_region_warroom', { level: enumName('levels', v.level_id || ticket.incident_level) }) });
      }
      return errors;
    },
    parameter: (v) => {
      const p = {};
      const changed = (k) => v[k + '$changed'];
      if (changed('title')) p.title = v.title;
      if (changed('description')) p.description = v.description;
      for (const k of ['level_id', 'mtm_type', 'source_id', 'incident_ownership']) if (changed(k) && v[k]) p[k] = v[k];
      if (changed('is_service_interrupt') && v.is_service_interrupt != null) p.is_service_interrupt = v.is_service_interrupt;
      if (changed('start_time') && v.start_time != null) p.start_time = v.start_time;
      if (changed('assignee') || changed('assignee_scene') || changed('assignee_role')) {
        // The assignee rule runs on what is given, so the three travel together.
        if (v.assignee) p.assignee = [v.assignee];
        if (v.assignee_scene) p.assignee_scene = v.assignee_scene;
        if (v.assignee_role) p.assignee_role = v.assignee_role;
      }
      if (changed('mtm_region')) p.mtm_region = v.mtm_region ? [v.mtm_region] : [];
      if (changed('enterprise_project_id')) p.enterprise_project_id = v.enterprise_project_id ? [v.enterprise_project_id] : [];
      if (changed('current_cloud_service_id')) p.current_cloud_service_id = v.current_cloud_service_id ? [v.current_cloud_service_id] : [];
      return p;
    },
  },
};
