// The incident page's WarRoom panel: the ticket's WarRoom (its `warroom_id`) read from the WarRoom list API, with a
// link to the WarRoom list of this incident. Hidden while the ticket has none (a ticket has at most one, ever).
import { h } from '../dom.js';
import { t, N, L } from '../i18n.js';
import { errorText } from '../api.js';
import { personName } from '../names.js';
import { levelBadge, timeEl } from '../widgets.js';
import { listWarRooms, warRoomStatusBadge, startedByLabel, minutes } from '../warrooms.js';

export function warRoomPanel() {
  const body = h('div');
  const el = h('section', { class: 'card', id: 'warroom', 'aria-labelledby': 'warroom-h', hidden: true },
    h('h2', { id: 'warroom-h' }, L('wr_panel')), body);
  let shown = null;
  let seq = 0;

  /** Called with each new version of the ticket: a status change may have closed the WarRoom. */
  async function show(ticket) {
    const num = ticket.warroom_id;
    el.hidden = !num;
    if (!num) { body.replaceChildren(); shown = null; return; }
    const mine = ++seq;
    try {
      const data = await listWarRooms({ war_room_nums: [num] }, { limit: 1 });
      if (mine !== seq) return;
      const w = data.list[0];
      const key = JSON.stringify(w ?? null);
      if (key === shown) return;
      shown = key;
      body.replaceChildren(...(w ? details(w, ticket.incident_num) : [L('wr_missing', { n: num }, 'p', { class: 'muted' })]));
    } catch (e) {
      if (mine === seq) body.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, errorText(e)));
    }
  }

  return { el, show };
}

function details(w, incident) {
  const people = (ids) => (ids.length ? N(() => ids.map(personName).join(', ')) : N(() => t('none')));
  return [
    h('p', { class: 'badges' }, h('span', { class: 'mono', 'data-warroom': w.war_room_num }, w.war_room_num), ' ', warRoomStatusBadge(w)),
    h('dl', { class: 'kv' },
      h('dt', null, L('wr_title')), h('dd', { id: 'wr-title' }, w.title ?? ''),
      h('dt', null, L('wr_level')), h('dd', { id: 'wr-level' }, levelBadge(w.circular_level)),
      h('dt', null, L('wr_admin')), h('dd', { id: 'wr-admin' }, N(() => personName(w.admin))),
      h('dt', null, L('wr_members')), h('dd', { id: 'wr-members' }, people(w.recover_member)),
      h('dt', null, L('wr_started_by')), h('dd', { id: 'wr-started-by' }, startedByLabel(w)),
      h('dt', null, L('wr_start')), h('dd', { id: 'wr-start' }, timeEl(w.create_time)),
      h('dt', null, L('wr_close')), h('dd', { id: 'wr-close' }, timeEl(w.close_time)),
      h('dt', null, L('wr_duration')), h('dd', { id: 'wr-duration' }, N(() => minutes(w.processing_duration)))),
    h('p', null, h('a', { href: `#/warrooms?incident=${encodeURIComponent(incident)}&days=any` }, L('wr_of_incident'))),
  ];
}
