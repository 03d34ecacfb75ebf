// WarRooms (warrooms.md) as the console shows them: POST /v1/external/warrooms/list, a record's status badge and
// the names of its fields. The incident page's panel (views/warroom-panel.js) and the list (views/warrooms.js) use it.
import { api } from './api.js';
import { N, L, t, lang } from './i18n.js';

export const RUNNING = '1';
export const CLOSED = '2';

/** Far enough ahead that a server clock ahead of the browser's still falls inside; JSON-safe and ≤ 2⁶³−1. */
const FOREVER = Number.MAX_SAFE_INTEGER;

/** One page of WarRooms and the counts: filters as the list API names them; `days` null = any start time. */
export async function listWarRooms(filters, { days = 30, offset = 0, limit = 20 } = {}) {
  const body = { ...filters, limit, offset, triggered_start_time: days == null ? 0 : Date.now() - days * 86400000, triggered_end_time: FOREVER };
  const { json } = await api('/v1/external/warrooms/list', { method: 'POST', body });
  return json.data;
}

/** The record's status in the current language (the server sends both names). */
export const warRoomStatusBadge = (w) => N(() => (lang() === 'zh' ? w.war_room_status.name_zh : w.war_room_status.name_en), 'span', {
  class: `badge ${w.war_room_status.id === RUNNING ? 'st-triggered' : 'st-completed'}`, 'data-warroom-status': w.war_room_status.id,
});

export const startedByLabel = (w) => L(w.started_by === 'api' ? 'wr_started_api' : 'wr_started_rule');

/** Whole minutes as the API counts them, shown like the other durations. */
export const minutes = (n) => (n == null ? t('none') : t('wr_minutes', { n }));
