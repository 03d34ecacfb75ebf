// Webhook subscriptions of the project, for administrators (outbound.md: /v1/admin/webhooks, /{id}, …/rotate-secret,
// …/deliveries, …/redeliver). A secret is shown once, on create and rotate, and never kept by the page.
import { h } from '../dom.js';
import { t, L, N } from '../i18n.js';
import { api, errorText } from '../api.js';
import { markRefreshed } from '../shell.js';
import { flash, refusal, timeEl } from '../widgets.js';
import { openFormDialog, closeDialog } from '../forms/dialog.js';

const Base = '/v1/admin/webhooks';
const STATUS_CLASS = { delivered: 'st-completed', retrying: 'st-acknowledged', failed: 'st-rejected', gone: 'st-rejected' };
const path = (w, rest = '') => `${Base}/${encodeURIComponent(w.id)}${rest}`;

export function webhooksView() {
  let lastKey = null;
  let selected = null; // the subscription whose delivery log is open
  const secret = h('div', { id: 'wh-secret' });
  const err = h('div', { class: 'form-error', role: 'alert', id: 'wh-error' });
  const url = h('input', { id: 'wh-url', name: 'url', type: 'url', maxlength: 2048, autocomplete: 'off', required: true, placeholder: 'https://' });
  const types = h('input', { id: 'wh-types', name: 'event_types', type: 'text', autocomplete: 'off', value: '*', class: 'mono' });
  const description = h('input', { id: 'wh-description', name: 'description', type: 'text', maxlength: 255, autocomplete: 'off' });
  const create = h('button', { type: 'submit', class: 'primary', id: 'wh-create' }, L('create_webhook'));
  const form = h('form', { class: 'card create-webhook', novalidate: true, 'aria-labelledby': 'wh-new-h' },
    h('h2', { id: 'wh-new-h' }, L('new_webhook')),
    h('div', { class: 'field' }, h('label', { for: 'wh-url' }, L('webhook_url'), h('span', { class: 'req', 'aria-hidden': 'true' }, ' *')), url),
    h('div', { class: 'field' }, h('label', { for: 'wh-types' }, L('webhook_event_types')), types,
      L('webhook_types_hint', null, 'p', { class: 'hint', id: 'wh-types-hint' })),
    h('div', { class: 'field' }, h('label', { for: 'wh-description' }, L('description')), description),
    err, h('div', { class: 'buttons' }, create));
  types.setAttribute('aria-describedby', 'wh-types-hint');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    if (!url.value.trim()) {
      err.replaceChildren(L('v_webhook_url'));
      url.focus();
      return;
    }
    const body = { url: url.value.trim(), event_types: types.value.split(/[\s,]+/).filter(Boolean) };
    if (description.value.trim()) body.description = description.value.trim();
    create.disabled = true;
    try {
      const { json } = await api(Base, { method: 'POST', body });
      url.value = '';
      description.value = '';
      types.value = '*';
      showSecret(json.data.secret, 'secret_created', json.data.url);
      await refresh();
    } catch (e) {
      err.replaceChildren(...refusal(e));
    } finally {
      create.disabled = false;
    }
  });

  const summary = h('p', { id: 'wh-summary', class: 'muted', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const COLUMNS = ['webhook_url', 'webhook_event_types', 'col_state', 'description', 'actions'];
  const table = h('table', { class: 'tickets webhooks' },
    h('caption', { class: 'sr-only' }, L('webhooks_title')),
    h('thead', null, h('tr', null, COLUMNS.map(k => h('th', { scope: 'col' }, L(k))))), tbody);
  const deliveries = h('div', { id: 'wh-deliveries' });
  const el = h('section', { class: 'view-webhooks', 'aria-labelledby': 'wh-h' },
    h('h1', { id: 'wh-h', tabindex: '-1' }, L('webhooks_title')),
    L('webhooks_intro', null, 'p', { class: 'muted' }),
    secret, form,
    h('div', { class: 'card table-card' }, summary, h('div', { class: 'table-wrap' }, table)),
    deliveries);

  function showSecret(value, message, target) {
    secret.replaceChildren(h('section', { class: 'card secret', role: 'region', 'aria-labelledby': 'wh-secret-h' },
      h('h2', { id: 'wh-secret-h' }, L(message, { url: target })),
      L('secret_once', null, 'p', { class: 'hint' }),
      h('dl', { class: 'kv' }, h('dt', null, L('webhook_secret')), h('dd', null, h('code', { id: 'wh-secret-value', class: 'mono' }, value))),
      h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: () => secret.replaceChildren() }, L('hide_secret')))));
  }

  async function setEnabled(w, enabled) {
    try {
      await api(path(w), { method: 'PUT', body: { enabled } });
      flash(() => t(enabled ? 'wh_enabled' : 'wh_disabled', { url: w.url }));
      await refresh();
    } catch (e) {
      flash(() => errorText(e), 'error');
    }
  }

  function rotate(w) {
    openFormDialog({
      id: 'rotate', heading: [L('rotate_secret'), ' · ', w.url], hint: () => t('rotate_secret_hint'), fields: [], refresh,
      async send() {
        const { json } = await api(path(w, '/rotate-secret'), { method: 'POST' });
        showSecret(json.data.secret, 'secret_rotated', w.url);
      },
    });
  }

  function remove(w) {
    openFormDialog({
      id: 'delete', heading: [L('delete_webhook'), ' · ', w.url], hint: () => t('delete_webhook_hint'), fields: [], refresh,
      async send() {
        await api(path(w), { method: 'DELETE' });
        if (selected?.id === w.id) { selected = null; log = null; deliveries.replaceChildren(); }
        flash(() => t('wh_deleted', { url: w.url }));
      },
    });
  }

  async function redeliver(w, body) {
    try {
      const { json } = await api(path(w, '/redeliver'), { method: 'POST', body });
      flash(() => t('wh_redelivered', { n: json.data.redelivered }));
      await loadDeliveries(w);
    } catch (e) {
      flash(() => errorText(e), 'error');
    }
  }

  /** The delivery log of one subscription, newest first, with a redelivery of one event or of a time range. The
   * panel is built when a subscription is chosen; a refresh redraws only the log (what is typed in the range stays). */
  let log = null; // { id, summary, tbody }
  async function loadDeliveries(w) {
    selected = w;
    let data;
    try {
      ({ json: { data } } = await api(path(w, '/deliveries?limit=50')));
    } catch (e) {
      log = null;
      deliveries.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, errorText(e)));
      return;
    }
    if (log?.id !== w.id) log = buildLog(w);
    log.summary.replaceChildren(L('deliveries_total', { n: data.total }));
    log.tbody.replaceChildren(...(data.deliveries.length === 0
      ? [h('tr', null, h('td', { colspan: LOG_COLUMNS.length, class: 'empty' }, L('no_deliveries')))]
      : data.deliveries.map(d => attemptRow(w, d))));
  }

  const LOG_COLUMNS = ['attempted_at', 'event', 'attempt', 'col_status', 'http_status', 'duration', 'response', 'actions'];
  const attemptRow = (w, d) => h('tr', { 'data-attempt': d.id, 'data-event': d.event_id },
    h('td', { class: 'nowrap' }, timeEl(d.attempted_at)),
    h('td', null, h('div', null, d.event_type), h('div', { class: 'mono small muted' }, d.event_id)),
    h('td', null, String(d.attempt)),
    h('td', null, L(`delivery_${d.status}`, null, 'span', { class: `badge ${STATUS_CLASS[d.status] ?? 'st-draft'}`, 'data-delivery-status': d.status })),
    h('td', null, d.http_status == null ? N(() => t('none')) : String(d.http_status)),
    h('td', { class: 'nowrap' }, L('duration_ms', { ms: d.duration_ms })),
    h('td', { class: 'excerpt' }, h('code', { class: 'mono small' }, d.response_excerpt ?? d.error ?? '')),
    h('td', null, h('button', { type: 'button', class: 'small', 'data-act': 'redeliver', onclick: () => redeliver(w, { event_id: d.event_id }) },
      L('redeliver'))));

  function buildLog(w) {
    const since = h('input', { id: 'wh-since', name: 'since', type: 'datetime-local', step: 1, required: true });
    const until = h('input', { id: 'wh-until', name: 'until', type: 'datetime-local', step: 1, required: true });
    const rangeErr = h('div', { class: 'form-error', role: 'alert', id: 'wh-range-error' });
    const range = h('form', { class: 'redeliver-range', novalidate: true, 'aria-labelledby': 'wh-range-h' },
      h('h3', { id: 'wh-range-h' }, L('redeliver_range')),
      h('div', { class: 'field' }, h('label', { for: 'wh-since' }, L('since')), since),
      h('div', { class: 'field' }, h('label', { for: 'wh-until' }, L('until')), until),
      rangeErr, h('div', { class: 'buttons' }, h('button', { type: 'submit', id: 'wh-redeliver-range' }, L('redeliver'))));
    range.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const from = new Date(since.value).getTime();
      const to = new Date(until.value).getTime();
      if (!Number.isFinite(from) || !Number.isFinite(to) || from > to) {
        rangeErr.replaceChildren(L('v_range'));
        return;
      }
      rangeErr.replaceChildren();
      redeliver(w, { since: from, until: to });
    });
    const summary = h('p', { class: 'muted', id: 'wh-log-summary' });
    const tbody = h('tbody');
    deliveries.replaceChildren(h('section', { class: 'card table-card', 'aria-labelledby': 'wh-log-h' },
      h('h2', { id: 'wh-log-h' }, L('deliveries_of', { url: w.url })),
      summary,
      h('div', { class: 'table-wrap' }, h('table', { class: 'tickets deliveries' },
        h('caption', { class: 'sr-only' }, L('deliveries_of', { url: w.url })),
        h('thead', null, h('tr', null, LOG_COLUMNS.map(k => h('th', { scope: 'col' }, L(k))))),
        tbody)),
      range));
    return { id: w.id, summary, tbody };
  }

  async function refresh(background) {
    try {
      const { json } = await api(Base);
      const key = JSON.stringify(json.data);
      if (key !== lastKey) { lastKey = key; render(json.data); }
      if (selected) {
        const still = json.data.webhooks.find(w => w.id === selected.id);
        if (still) await loadDeliveries(still);
      }
      markRefreshed();
    } catch (e) {
      if (background) markRefreshed(e.message);
      else { summary.replaceChildren(e.status === 403 ? L('wh_needs_admin') : errorText(e)); tbody.replaceChildren(); }
    }
  }

  function render(data) {
    summary.replaceChildren(L('wh_total', { n: data.total }));
    tbody.replaceChildren(...(data.webhooks.length === 0
      ? [h('tr', null, h('td', { colspan: COLUMNS.length, class: 'empty' }, L('no_webhooks')))]
      : data.webhooks.map(w => h('tr', { 'data-webhook': w.id },
        h('td', null, h('span', { class: 'mono' }, w.url), h('div', { class: 'mono small muted' }, w.id)),
        h('td', { class: 'mono' }, w.event_types.join(', ')),
        h('td', null, h('span', { class: `badge ${w.enabled ? 'st-completed' : 'st-rejected'}`, 'data-enabled': String(w.enabled) },
          L(w.enabled ? 'enabled' : 'disabled')), w.disabled_reason ? h('div', { class: 'small muted' }, w.disabled_reason) : null),
        h('td', null, w.description ?? ''),
        h('td', null, h('div', { class: 'buttons' },
          w.enabled
            ? h('button', { type: 'button', class: 'small', 'data-act': 'disable', onclick: () => setEnabled(w, false) }, L('disable'))
            : h('button', { type: 'button', class: 'small', 'data-act': 'enable', onclick: () => setEnabled(w, true) }, L('enable')),
          h('button', { type: 'button', class: 'small', 'data-act': 'rotate', onclick: () => rotate(w) }, L('rotate_secret')),
          h('button', { type: 'button', class: 'small', 'data-act': 'deliveries', onclick: () => loadDeliveries(w) }, L('show_deliveries')),
          h('button', { type: 'button', class: 'small', 'data-act': 'delete', onclick: () => remove(w) }, L('delete'))))))));
  }

  return {
    name: 'webhooks', el, refresh,
    title: () => t('webhooks_title'),
    update: () => true,
    dispose() { closeDialog(); },
  };
}
