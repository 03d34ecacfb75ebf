// Integrations of the project, for administrators (GET/POST /v1/admin/integrations, …/disable, /enable, /rotate-key).
// A key is shown once, on create and rotate, with the ingestion URL and the Alertmanager receiver to paste; it is
// never stored by the page and is gone after a reload.
import { h } from '../dom.js';
import { t, L } from '../i18n.js';
import { api, errorText } from '../api.js';
import { markRefreshed } from '../shell.js';
import { flash, refusal, timeEl } from '../widgets.js';
import { openFormDialog, closeDialog } from '../forms/dialog.js';

const TYPES = ['prometheus', 'custom'];
const Base = '/v1/admin/integrations';

/** The receiver of alarms.md: Alertmanager's webhook_configs with the integration's URL. */
export const receiverSnippet = (url) =>
  `receivers:\n  - name: coc\n    webhook_configs:\n      - url: "${url}"\n        send_resolved: true\n        max_alerts: 1000\n`;

export function integrationsView() {
  let lastKey = null;
  const secret = h('div', { id: 'int-secret' });
  const err = h('div', { class: 'form-error', role: 'alert', id: 'int-error' });
  const name = h('input', { id: 'int-name', name: 'name', type: 'text', maxlength: 64, autocomplete: 'off', required: true });
  const type = h('select', { id: 'int-type', name: 'type' }, TYPES.map(k => L(`itype_${k}`, null, 'option', { value: k })));
  const rule = h('textarea', { id: 'int-rule', name: 'transfer_rule', rows: 4, class: 'mono small', placeholder: '{"auto_incident_importances": ["urgent"], "assignee": "…", "creator": "…"}' });
  const create = h('button', { type: 'submit', class: 'primary', id: 'int-create' }, L('create_integration'));
  const form = h('form', { class: 'card create-integration', novalidate: true, 'aria-labelledby': 'int-new-h' },
    h('h2', { id: 'int-new-h' }, L('new_integration')),
    h('div', { class: 'field' }, h('label', { for: 'int-name' }, L('integration_name'), h('span', { class: 'req', 'aria-hidden': 'true' }, ' *')), name),
    h('div', { class: 'field' }, h('label', { for: 'int-type' }, L('integration_type')), type),
    h('div', { class: 'field' }, h('label', { for: 'int-rule' }, L('transfer_rule')), rule, L('transfer_rule_hint', null, 'p', { class: 'hint' })),
    err, h('div', { class: 'buttons' }, create));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.replaceChildren();
    const body = { name: name.value.trim(), type: type.value };
    if (rule.value.trim()) {
      try { body.transfer_rule = JSON.parse(rule.value); } catch {
        err.replaceChildren(L('v_rule_json'));
        rule.focus();
        return;
      }
    }
    create.disabled = true;
    try {
      const { json } = await api(Base, { method: 'POST', body });
      name.value = '';
      rule.value = '';
      showKey(json.data, 'key_created');
      await refresh();
    } catch (e) {
      err.replaceChildren(...refusal(e));
    } finally {
      create.disabled = false;
    }
  });

  const summary = h('p', { id: 'int-summary', class: 'muted', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const COLUMNS = ['integration_name', 'integration_type', 'col_state', 'key_hint', 'last_event_at', 'col_alarms', 'actions'];
  const table = h('table', { class: 'tickets integrations' },
    h('caption', { class: 'sr-only' }, L('integrations_title')),
    h('thead', null, h('tr', null, COLUMNS.map(k => h('th', { scope: 'col' }, L(k))))), tbody);
  const el = h('section', { class: 'view-integrations', 'aria-labelledby': 'int-h' },
    h('h1', { id: 'int-h', tabindex: '-1' }, L('integrations_title')),
    L('integrations_intro', null, 'p', { class: 'muted' }),
    secret, form,
    h('div', { class: 'card table-card' }, summary, h('div', { class: 'table-wrap' }, table)));

  /** The key, once: the URL to paste and, for Prometheus, Alertmanager's receiver. */
  function showKey(i, message) {
    const url = location.origin + i.ingest_path;
    secret.replaceChildren(h('section', { class: 'card secret', role: 'region', 'aria-labelledby': 'int-secret-h' },
      h('h2', { id: 'int-secret-h' }, L(message, { name: i.name })),
      L('key_once', null, 'p', { class: 'hint' }),
      h('dl', { class: 'kv' },
        h('dt', null, L('integration_key')), h('dd', null, h('code', { id: 'int-key', class: 'mono' }, i.key)),
        h('dt', null, L('ingest_url')), h('dd', null, h('code', { id: 'int-url', class: 'mono' }, url))),
      i.type === 'prometheus' ? [L('snippet_intro', null, 'p'), h('pre', { id: 'int-snippet', class: 'mono small snippet' }, receiverSnippet(url))] : null,
      h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: () => secret.replaceChildren() }, L('hide_key')))));
  }

  async function act(i, verb) {
    try {
      await api(`${Base}/${encodeURIComponent(i.id)}/${verb}`, { method: 'POST' });
      flash(() => t(`int_${verb}d`, { name: i.name }));
      await refresh();
    } catch (e) {
      flash(() => errorText(e), 'error');
    }
  }

  function rotate(i) {
    openFormDialog({
      id: 'rotate',
      heading: [L('rotate_key'), ' · ', i.name],
      hint: () => t('rotate_hint'),
      fields: [],
      refresh,
      async send() {
        const { json } = await api(`${Base}/${encodeURIComponent(i.id)}/rotate-key`, { method: 'POST' });
        showKey(json.data, 'key_rotated');
      },
    });
  }

  async function refresh(background) {
    try {
      const { json } = await api(Base);
      const key = JSON.stringify(json.data);
      if (key !== lastKey) { lastKey = key; render(json.data); }
      markRefreshed();
    } catch (e) {
      if (background) markRefreshed(e.message);
      else { summary.replaceChildren(e.status === 403 ? L('needs_admin') : errorText(e)); tbody.replaceChildren(); }
    }
  }

  function render(data) {
    summary.replaceChildren(L('int_total', { n: data.total }));
    tbody.replaceChildren(...(data.integrations.length === 0
      ? [h('tr', null, h('td', { colspan: COLUMNS.length, class: 'empty' }, L('no_integrations')))]
      : data.integrations.map(i => h('tr', { 'data-integration': i.id },
        h('td', null, i.name, h('div', { class: 'mono small muted' }, i.id)),
        h('td', null, L(`itype_${i.type}`)),
        h('td', null, h('span', { class: `badge ${i.enabled ? 'st-completed' : 'st-rejected'}`, 'data-enabled': String(i.enabled) }, L(i.enabled ? 'enabled' : 'disabled'))),
        h('td', { class: 'mono' }, `…${i.key_hint}`),
        h('td', { class: 'nowrap' }, timeEl(i.last_event_at)),
        h('td', null, h('a', { href: `#/alarms?integration_id=${encodeURIComponent(i.id)}` }, L('show_alarms'))),
        h('td', null, h('div', { class: 'buttons' },
          i.enabled
            ? h('button', { type: 'button', class: 'small', 'data-act': 'disable', onclick: () => act(i, 'disable') }, L('disable'))
            : h('button', { type: 'button', class: 'small', 'data-act': 'enable', onclick: () => act(i, 'enable') }, L('enable')),
          h('button', { type: 'button', class: 'small', 'data-act': 'rotate', onclick: () => rotate(i) }, L('rotate_key'))))))));
  }

  return {
    name: 'integrations', el, refresh,
    title: () => t('integrations_title'),
    update: () => true,
    dispose() { closeDialog(); },
  };
}
