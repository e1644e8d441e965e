// The router: each page is a module whose render(main, params) draws it and returns a function that stops its timers.
import { NotSignedIn, dropEarly } from './api.js';
import { h } from './dom.js';
import { session, refreshSession } from './session.js';

// The page registry: a feature's page is one entry (and one module) here.
const pages = [
  { path: 'jobs', title: 'Jobs', nav: true, load: () => import('./jobs.js') },
  { path: 'job', title: 'Job', load: () => import('./job.js') },
  { path: 'create', title: 'Create a job', nav: true, load: () => import('./create.js') },
  { path: 'compare', title: 'Compare', nav: true, load: () => import('./compare.js') },
  { path: 'autoscaling', title: 'Autoscaling', load: () => import('./autoscaling.js') },
  { path: 'generative', title: 'Generative AI', nav: true, load: () => import('./generative.js') },
  { path: 'fleet', title: 'Fleet', nav: true, load: () => import('./fleet.js') },
  { path: 'login', title: 'Sign in', load: () => import('./login.js') },
];

performance.mark('modules-running'); // tests check that the first page's data was asked for before this
const main = document.getElementById('main');
let stop = () => {};

async function route() {
  stop();
  stop = () => {};
  const { name, args, query } = window.rightsizeBoot.parseHash(location.hash);
  const page = pages.find(p => p.path === name) || pages[0];
  if (session.AuthRequired && !session.SignedIn && page.path !== 'login') {
    location.hash = `#/login?next=${encodeURIComponent(location.hash)}`;
    return;
  }
  document.title = `${page.title} · RightSize`;
  for (const link of document.querySelectorAll('#nav a')) {
    link.toggleAttribute('aria-current', link.dataset.path === page.path);
  }
  try {
    const module = await page.load();
    main.replaceChildren();
    stop = (await module.render(main, { args, query })) || (() => {});
  } catch (e) {
    if (e instanceof NotSignedIn) {
      await refreshSession();
      location.hash = `#/login?next=${encodeURIComponent(location.hash)}`;
      return;
    }
    main.replaceChildren(h('p', { class: 'error', role: 'alert' }, `The page failed: ${e.message}`));
  }
  main.focus({ preventScroll: true });
}

document.getElementById('nav').append(...pages.filter(p => p.nav).map(p => h('a', { href: `#/${p.path}`, 'data-path': p.path }, p.title)));
window.addEventListener('hashchange', route);
// boot.js started /api/session and the first page's data together; the session answers before the page is drawn.
await refreshSession();
await route();
dropEarly();
