// Calls the dashboard's own origin. Writes carry the session's CSRF token; a 401 means "sign in".
let csrf = null;

export function setCsrf(token) { csrf = token; }

export class NotSignedIn extends Error {}

// The first page's GETs that boot.js started before the modules loaded: each is taken once, and only until the first
// page has rendered (later visits ask afresh).
const early = window.rightsizeBoot?.early || new Map();
export function dropEarly() { early.clear(); }

export async function api(path, { method = 'GET', body } = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-RightSize-Csrf'] = csrf;
  const started = method === 'GET' ? early.get(path) : undefined;
  early.delete(path);
  const response = await (started || fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  }));
  if (response.status === 401) throw new NotSignedIn();
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { message: text }; }
  return { ok: response.ok, status: response.status, data, headers: response.headers };
}

// SageMaker's ValidationException message joins "path: message" pairs with "; ".
export function validationErrors(message) {
  return (message || '').split('; ').map(part => {
    const at = part.indexOf(': ');
    return at > 0 ? { path: part.slice(0, at), message: part.slice(at + 2) } : { path: '', message: part };
  });
}
