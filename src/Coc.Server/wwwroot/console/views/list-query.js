// The triage list's view: filters and sort, read from and written to the URL (so a view can be bookmarked), and
// the API query they make. `#/` with no parameters is the desk's default view: the open tickets in triage order
// (open first, P1 first, unaccepted first, oldest first: docs/decisions.md, Triage list); a URL with parameters is
// taken as it is (no sort: newest first, no status: every status).

export const OPEN_STATUSES = ['INCIDENT_STATUS_TRIGGERED', 'INCIDENT_STATUS_ACKNOWLEDGED', 'INCIDENT_STATUS_REJECTED', 'INCIDENT_STATUS_RESOLVED'];

/** Text and list filters, in URL order. */
export const TEXT_FILTERS = ['assignee', 'creator', 'q'];
export const LIST_FILTERS = ['status', 'level'];

/** The sorts the API takes (v1 list `sort`), as the console offers them: key → label. */
export const SORTS = [
  ['triage', 'sort_triage'], ['create_time', 'sort_oldest'],
  ['level', 'sort_level'], ['status', 'sort_status'],
];

/** The sortable columns: column label → the API's sort field (`age` sorts by creation time the other way). */
export const SORT_COLUMNS = {
  col_number: 'ticket_id', col_title: 'title', col_status: 'status', col_level: 'level',
  col_assignee: 'assignee', col_creator: 'creator', col_created: 'create_time',
};

const LIMITS = [10, 20, 50, 100];

/** The column label of a column sort (`level`, `-level`), or null. */
export const columnOf = (sort) =>
  Object.entries(SORT_COLUMNS).find(([, field]) => field === String(sort ?? '').replace(/^-/, ''))?.[0] ?? null;

/** The view a route's query string describes. */
export function readView(q) {
  const empty = [...q.keys()].length === 0;
  const list = (name) => (q.get(name) ?? '').split(',').filter(Boolean);
  const view = {
    status: empty ? [...OPEN_STATUSES] : list('status'),
    level: list('level'),
    sort: empty ? 'triage' : q.get('sort') ?? '',
    mine: q.get('mine') === '1',
    page: Math.max(1, parseInt(q.get('page') || '1', 10) || 1),
    limit: LIMITS.includes(parseInt(q.get('limit'), 10)) ? parseInt(q.get('limit'), 10) : 20,
  };
  for (const f of TEXT_FILTERS) view[f] = q.get(f) ?? '';
  return view;
}

/** The URL query of a view (what goes after `#/?`); page 1 and the default page size are left out. */
export function viewQuery(view) {
  const qs = new URLSearchParams();
  for (const f of LIST_FILTERS) if (view[f].length) qs.set(f, view[f].join(','));
  for (const f of TEXT_FILTERS) if (view[f]) qs.set(f, view[f]);
  if (view.mine) qs.set('mine', '1');
  if (view.sort) qs.set('sort', view.sort);
  if (view.limit !== 20) qs.set('limit', String(view.limit));
  if (view.page > 1) qs.set('page', String(view.page));
  // An empty query would read as the default view: "every ticket, newest first" says so explicitly.
  if ([...qs.keys()].length === 0) qs.set('sort', '-create_time');
  return qs.toString();
}

/** The API query (GET /v1/incident-tickets) of a view; `me` is the acting person for "Assigned to me". */
export function apiQuery(view, me) {
  const qs = new URLSearchParams({ offset: String(view.page), limit: String(view.limit), extended: 'true' });
  for (const f of LIST_FILTERS) if (view[f].length) qs.set(f, view[f].join(','));
  for (const f of TEXT_FILTERS) if (view[f]) qs.set(f, view[f]);
  if (view.mine && me) qs.set('assignee', me);
  if (view.sort) qs.set('sort', view.sort);
  return qs.toString();
}

/** The next sort when a column header is clicked: ascending first, then descending. */
export function toggledSort(current, field) {
  return current === field ? '-' + field : field;
}

/** aria-sort of a column under the current sort. */
export function ariaSort(current, field) {
  if (current === field) return 'ascending';
  if (current === '-' + field) return 'descending';
  return null;
}
