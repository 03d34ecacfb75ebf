// GET /v1/console/reference, read once per sign-in: catalog, directory, workflow table, and the server's own
// limits and rules (lengths, start-time skew, attachments, where a WarRoom needs a region, who is on duty).
// The forms check with these, never with copies; the API stays the judge.
import { api } from './api.js';

let ref = null;

export const reference = () => ref;

export async function loadRules() {
  const { json } = await api('/v1/console/reference');
  ref = json;
}

export const forgetRules = () => { ref = null; };

/** { text, title, description, comment, solution, start_time_max_future_ms } */
export const limits = () => ref.limits;

/** { file_types, max_file_bytes, max_per_ticket } */
export const attachmentRules = () => ref.attachments;

/** Whether a ticket of this level and application (or none) needs a region: a WarRoom rule matches it. */
export const regionRequired = (level, application) =>
  ref.region_required.some(r => r.level === level && (r.application ?? '') === (application ?? ''));

/** The levels for which some WarRoom rule can need a region, in catalog order. */
export const regionLevels = () => [...new Set(ref.region_required.map(r => r.level))];

export const onDuty = (scene, role) => ref.on_duty.find(s => s.scene === scene && s.role === role)?.person;
export const scenes = () => [...new Set(ref.on_duty.map(s => s.scene))];
export const roles = () => [...new Set(ref.on_duty.map(s => s.role))];
