// The browser's session: whether the server needs keys, who is signed in, and the CSRF token writes carry.
import { api, setCsrf } from './api.js';
import { h } from './dom.js';

export const session = { AuthRequired: false, SignedIn: false };

export async function refreshSession() {
  Object.assign(session, { AccessKeyId: null, Csrf: null }, (await api('/api/session')).data);
  setCsrf(session.Csrf || null);
  const who = document.getElementById('who');
  who.replaceChildren();
  if (session.AuthRequired && session.SignedIn) {
    who.append(`Signed in as ${session.AccessKeyId} `, h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out'));
  }
  return session;
}

async function signOut() {
  await api('/api/session', { method: 'DELETE' });
  await refreshSession();
  location.hash = '#/login';
}
