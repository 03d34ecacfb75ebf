// Checks the create and operation forms share, with the served limits.
import { t } from '../i18n.js';
import { limits } from '../rules.js';

/** An inline error for a field: the message names the field's label. */
export const fieldError = (field, key, vars) => ({ field, msg: () => t(key, { field: () => t(field), ...vars }) });

/** A fault's start time may lie at most the served skew in the future. */
export function startTimeCheck(v, field, errors) {
  const skew = limits().start_time_max_future_ms;
  if (v[field] != null && v[field] > Date.now() + skew) errors.push(fieldError(field, 'v_start_future', { minutes: skew / 60000 }));
}
