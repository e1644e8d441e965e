// Runs before the modules (a classic script in the head: the CSP allows no inline script) and starts the first page's
// GETs at once, so /api/session and the jobs list travel in parallel with the module loads instead of after them.
// api.js hands each early answer to the first page's matching request, once; the router drops the rest.
'use strict';
window.rightsizeBoot = (() => {
  const pageSize = 50;
  function parseHash(hash) {
    const [path, query] = (hash.replace(/^#\/?/, '') || 'jobs').split('?');
    const [name, ...rest] = path.split('/');
    return { name, args: rest.map(decodeURIComponent), query: new URLSearchParams(query || '') };
  }
  // The jobs list's request for the filters and page in its hash: the server filters and pages in SQL.
  function jobsPath(query) {
    const page = Math.max(1, Number(query.get('page')) || 1);
    const q = new URLSearchParams({ offset: String((page - 1) * pageSize), limit: String(pageSize) });
    if (query.get('status')) q.set('status', query.get('status'));
    if (query.get('name')) q.set('name', query.get('name'));
    return `/api/jobs?${q}`;
  }
  const early = new Map();
  const start = path => {
    const answer = fetch(path, { credentials: 'same-origin' });
    answer.catch(() => {}); // a failure surfaces where the page awaits it
    early.set(path, answer);
  };
  start('/api/session');
  const first = parseHash(location.hash);
  if (first.name === 'jobs') start(jobsPath(first.query));
  return { pageSize, parseHash, jobsPath, early };
})();
