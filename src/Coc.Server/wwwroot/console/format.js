// Times, durations and sizes as the console shows them.
import { t, lang } from './i18n.js';

const pad = (n) => String(n).padStart(2, '0');

export function fmtTime(ms) {
  if (ms == null) return t('none');
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function fmtDur(ms) {
  if (ms == null) return t('none');
  let s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const hr = Math.floor(s / 3600); s -= hr * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const u = lang() === 'zh' ? ['天', '小时', '分', '秒'] : ['d ', 'h ', 'm ', 's'];
  const parts = [];
  if (d) parts.push(d + u[0]);
  if (d || hr) parts.push(hr + u[1]);
  if (d || hr || m) parts.push(m + u[2]);
  parts.push(s + u[3]);
  return parts.join('').trim();
}

/** datetime-local value ↔ milliseconds (local time). */
export const toLocalInput = (ms) => {
  if (ms == null) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

/** A stored file's size. */
export function formatSize(n) {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`;
}

/** A size limit, in the largest unit that divides it ("10 MB"). */
export const limitSize = (n) => n % 1048576 === 0 ? `${n / 1048576} MB` : n % 1024 === 0 ? `${n / 1024} KB` : `${n} B`;
