// The dashboard: GET /v1/incident-tickets/statistics — counts by status and level, MTTA / MTTR by level over the
// last 7 or 30 days. Charts are inline SVG drawn here (no chart library: the strict CSP allows no other script),
// each beside a table with the same numbers (what a screen reader reads; the SVG is decorative).
import { h } from '../dom.js';
import { t, N, L, trAttr } from '../i18n.js';
import { api, errorText } from '../api.js';
import { reference } from '../rules.js';
import { enumName } from '../names.js';
import { fmtDur } from '../format.js';
import { markRefreshed } from '../shell.js';

const SVG = 'http://www.w3.org/2000/svg';
const LEVEL_COLOURS = { level_10: '#a8201a', level_20: '#b8430c', level_30: '#795600', level_40: '#1f56c4', level_50: '#505a66' };
const STATUS_COLOURS = {
  INCIDENT_STATUS_TRIGGERED: '#c2372b', INCIDENT_STATUS_ACKNOWLEDGED: '#1f56c4', INCIDENT_STATUS_REJECTED: '#6b6b6b',
  INCIDENT_STATUS_RESOLVED: '#a06a00', INCIDENT_STATUS_COMPLETED: '#1d7a3d',
};

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs ?? {})) el.setAttribute(k, String(v));
  for (const c of children) if (c != null) el.append(c);
  return el;
}

/** Horizontal bars: [{ label: () => text, value, text: () => shown value, colour }]. */
function barChart(bars) {
  const rowH = 26, labelW = 130, width = 420, valueW = 90;
  const max = Math.max(1, ...bars.map(b => b.value ?? 0));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${bars.length * rowH + 8}`, 'aria-hidden': 'true', focusable: 'false' });
  bars.forEach((b, i) => {
    const y = i * rowH + 4;
    const w = Math.round(((b.value ?? 0) / max) * (width - labelW - valueW));
    const label = svg('text', { x: 0, y: y + 16, class: 'bar-label' });
    const value = svg('text', { x: labelW + w + 6, y: y + 16, class: 'bar-value' });
    chart.append(label, svg('rect', { x: labelW, y: y + 3, width: Math.max(w, b.value ? 2 : 0), height: rowH - 8, rx: 3, fill: b.colour }), value);
    // Text that follows the language, like N() elements.
    label.dataset.tr = ''; label._tr = b.label; label.textContent = b.label();
    value.dataset.tr = ''; value._tr = b.text; value.textContent = b.text();
  });
  return h('div', { class: 'chart' }, chart);
}

function dataTable(captionKey, headKeys, rows) {
  return h('table', { class: 'data' },
    h('caption', { class: 'sr-only' }, L(captionKey)),
    h('thead', null, h('tr', null, headKeys.map(k => h('th', { scope: 'col' }, L(k))))),
    h('tbody', null, rows.map(cells => h('tr', null, cells.map((c, i) => i === 0 ? h('th', { scope: 'row' }, c) : h('td', null, c))))));
}

export function dashboardView() {
  let days = 7;
  let data = null;
  const body = h('div', { class: 'dash-grid' });
  const times = h('div');
  const period = h('fieldset', { class: 'period' }, h('legend', null, L('dash_period')),
    [7, 30].map(n => h('label', null,
      h('input', { type: 'radio', name: 'dash-days', value: n, checked: n === days, onchange: () => { days = n; renderTimes(); } }),
      L('dash_days', { n }))));
  const el = h('section', { class: 'view-dashboard', 'aria-labelledby': 'dash-h' },
    h('h1', { id: 'dash-h', tabindex: '-1' }, L('dash_title')),
    body,
    h('section', { class: 'card', 'aria-labelledby': 'dash-times-h' },
      h('h2', { id: 'dash-times-h' }, L('dash_times')), period, times, h('p', { class: 'hint' }, L('dash_times_note'))));

  const statuses = () => reference().catalog.statuses.map(e => e.key);
  const levels = () => reference().catalog.levels.map(e => e.key);
  const count = (pred) => data.counts.filter(pred).reduce((s, c) => s + c.count, 0);
  const dur = (ms) => ms == null ? t('none') : fmtDur(ms);

  function countCard(id, titleKey, keys, set, colours, field, headKey) {
    const values = keys.map(k => ({ key: k, n: count(c => c[field] === k) }));
    return h('section', { class: 'card', id, 'aria-labelledby': `${id}-h` },
      h('h2', { id: `${id}-h` }, L(titleKey)),
      barChart(values.map(v => ({ label: () => enumName(set, v.key), value: v.n, text: () => v.n.toLocaleString(), colour: colours[v.key] ?? '#505a66' }))),
      dataTable(titleKey, [headKey, 'dash_count'], values.map(v => [N(() => enumName(set, v.key)), v.n.toLocaleString()])));
  }

  function renderTimes() {
    const window = data?.windows.find(w => w.days === days);
    if (!window) return;
    const rows = window.levels;
    times.replaceChildren(
      h('div', { class: 'dash-grid' },
        h('div', null, h('h3', null, L('dash_mtta')),
          barChart(rows.map(r => ({ label: () => enumName('levels', r.level), value: r.mtta_ms, text: () => dur(r.mtta_ms), colour: LEVEL_COLOURS[r.level] ?? '#505a66' })))),
        h('div', null, h('h3', null, L('dash_mttr')),
          barChart(rows.map(r => ({ label: () => enumName('levels', r.level), value: r.mttr_ms, text: () => dur(r.mttr_ms), colour: LEVEL_COLOURS[r.level] ?? '#505a66' }))))),
      // Scrolls sideways on a narrow phone: focusable so the keyboard can scroll it too.
      trAttr(h('div', { class: 'table-wrap', tabindex: 0, role: 'region' }, dataTable('dash_times', ['dash_level', 'dash_created', 'dash_accepted', 'dash_mtta', 'dash_completed', 'dash_mttr'],
        rows.map(r => [N(() => enumName('levels', r.level)), String(r.created), String(r.accepted), N(() => dur(r.mtta_ms)), String(r.completed), N(() => dur(r.mttr_ms))])),
      ), 'aria-label', () => t('dash_table', { name: t('dash_times') })));
    times.dataset.days = String(days);
  }

  async function refresh(background) {
    try {
      const { json } = await api('/v1/incident-tickets/statistics');
      const key = JSON.stringify({ c: json.data.counts, w: json.data.windows.map(w => w.levels) });
      if (key !== JSON.stringify(data && { c: data.counts, w: data.windows.map(w => w.levels) })) {
        data = json.data;
        body.replaceChildren(
          countCard('dash-status', 'dash_by_status', statuses(), 'statuses', STATUS_COLOURS, 'status', 'dash_status'),
          countCard('dash-level', 'dash_by_level', levels(), 'levels', LEVEL_COLOURS, 'level', 'dash_level'));
        renderTimes();
      }
      markRefreshed();
    } catch (e) {
      if (background) markRefreshed(e.message);
      else body.replaceChildren(h('p', { class: 'card', role: 'alert' }, errorText(e)));
    }
  }

  return { name: 'dashboard', el, refresh, title: () => t('dash_title') };
}
