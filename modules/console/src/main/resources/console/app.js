// The admin console: sign-in, the page frame and the hash router (#/rules, #/users/<id>, …). Each page is a function
// of views/*.js rendering into the main area with a context whose signal aborts when the page is left (its requests and
// timers stop with it).

import {h, show} from './dom.js';
import {ApiError, call, claims, loadOperations, session, whenUnauthenticated} from './api.js';
import {form, field} from './forms.js';
import * as rules from './views/rules.js';
import * as catalog from './views/catalog.js';
import * as users from './views/users.js';
import * as leaderboards from './views/leaderboards.js';
import * as jobs from './views/jobs.js';
import * as audit from './views/audit.js';

const ROUTES = [
  [/^\/rules$/, rules.list],
  [/^\/rules\/new$/, rules.create],
  [/^\/rules\/(\d+)$/, rules.edit],
  [/^\/badges$/, catalog.badges],
  [/^\/titles$/, catalog.titles],
  [/^\/levels$/, catalog.levels],
  [/^\/users$/, users.search],
  [/^\/users\/(.+)$/, users.page],
  [/^\/leaderboards(?:\/(ALL_TIME|MONTH|WEEK|DAY))?$/, leaderboards.page],
  [/^\/jobs$/, jobs.page],
  [/^\/audit$/, audit.page],
];

const NAV = [
  ['#/rules', 'Rules'], ['#/badges', 'Badges'], ['#/titles', 'Titles'], ['#/levels', 'Levels'], ['#/users', 'Users'],
  ['#/leaderboards', 'Leaderboards'], ['#/jobs', 'Jobs'], ['#/audit', 'Audit log'],
];

const root = document.getElementById('app');
const status = h('p', {id: 'status', role: 'status', 'aria-live': 'polite'});
let current = null;

/** Tells the admin what just happened, in the status line. */
function notify(text) {
  status.textContent = text;
}

start();

async function start() {
  // the dev banner's link: /admin#token=… signs in; the token leaves the address bar (and history) at once
  const link = /^#token=([^&]+)/.exec(location.hash);
  if (link) {
    session.signIn(decodeURIComponent(link[1]));
    history.replaceState(null, '', location.pathname + '#/rules');
  }
  whenUnauthenticated(error => signInPage('The service refused the token: ' + error.message));
  try {
    await loadOperations();
  } catch (failure) {
    show(root, h('main', {class: 'narrow'}, h('h1', {}, 'The console could not start'), h('p', {}, failure.message)));
    return;
  }
  const token = session.token();
  if (!token) {
    signInPage();
    return;
  }
  await check(token);
}

/** Non-admin tokens stop here, before any request; admin ones are confirmed by the API (an admin-only query). */
async function check(token) {
  const said = claims(token);
  if (!said) {
    signInPage('That is not a bearer token (a JWT: three dot-separated parts).');
    return;
  }
  if (!said.admin) {
    adminOnlyPage(said.sub);
    return;
  }
  try {
    await call('SignInCheck');
  } catch (failure) {
    if (failure instanceof ApiError && failure.code === 'FORBIDDEN') {
      adminOnlyPage(said.sub);
    } else if (!(failure instanceof ApiError && failure.code === 'UNAUTHENTICATED')) {
      signInPage('Could not check the token: ' + failure.message);
    }
    return;
  }
  frame(said.sub);
}

function signInPage(problem = null) {
  leave();
  session.signOut();
  const token = h('textarea', {rows: 4, autocomplete: 'off', spellcheck: 'false', required: true});
  show(root, h('main', {class: 'narrow', id: 'sign-in'},
    h('h1', {}, 'Gamification admin console'),
    problem ? h('p', {class: 'problem', role: 'alert'}, problem) : null,
    form({onsubmit: async () => {
      session.signIn(token.value);
      await check(session.token());
    }},
    field({label: 'Bearer token', name: 'token', control: token,
      hint: 'An admin\'s JWT (claim role: admin). It is kept in this tab\'s session storage only, and forgotten when '
        + 'the tab closes. In dev mode, the link printed by ./gamification dev signs you in.'}),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Sign in')))));
  token.focus();
}

function adminOnlyPage(subject) {
  leave();
  show(root, h('main', {class: 'narrow', id: 'admin-only'},
    h('h1', {}, 'Admin only'),
    h('p', {}, 'This console is for admins. The token you signed in with (user ', h('code', {}, subject),
      ') is not an admin\'s, so nothing was loaded.'),
    h('p', {}, 'Sign in with a token whose claim role is admin (or whose roles include admin).'),
    h('button', {type: 'button', class: 'primary', onclick: () => signInPage()}, 'Sign in with another token')));
}

function frame(subject) {
  const main = h('main', {id: 'main', tabindex: '-1'});
  const nav = h('nav', {'aria-label': 'Sections'}, h('ul', {}, NAV.map(([href, label]) => h('li', {}, h('a', {href}, label)))));
  show(root,
    h('header', {},
      h('a', {href: '#/rules', class: 'brand'}, 'Gigsy gamification · admin'),
      status,
      h('span', {class: 'who'}, 'Signed in as ', h('code', {id: 'signed-in-as'}, subject)),
      h('button', {type: 'button', onclick: () => signInPage()}, 'Sign out')),
    h('div', {class: 'body'}, nav, main));
  window.onhashchange = () => route(main, nav);
  if (!location.hash.startsWith('#/')) {
    history.replaceState(null, '', location.pathname + '#/rules');
  }
  route(main, nav);
}

function route(main, nav) {
  leave();
  const path = location.hash.slice(1);
  for (const link of nav.querySelectorAll('a')) {
    if (path.startsWith(link.getAttribute('href').slice(1))) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  const found = ROUTES.map(([pattern, page]) => [pattern.exec(path), page]).find(([match]) => match);
  if (!found) {
    show(main, h('h1', {}, 'Not found'), h('p', {}, 'No page here. ', h('a', {href: '#/rules'}, 'Rules')));
    return;
  }
  const [match, page] = found;
  const ctx = context(main);
  current = ctx;
  show(main);
  Promise.resolve().then(() => page(ctx, ...match.slice(1))).catch(failure => ctx.fail(failure));
}

function leave() {
  current?.abort();
  current = null;
}

/** What a page gets: where to render, its requests and timers (stopped when it is left), and how to report. */
function context(main) {
  const controller = new AbortController();
  const signal = controller.signal;
  const ctx = {
    main,
    signal,
    notify,
    abort: () => controller.abort(),
    call: (name, variables) => call(name, variables, signal),
    go: hash => {
      location.hash = hash;
    },
    /** Runs `task` now and again `delay()` ms after each run ends, until the page is left. */
    every(delay, task) {
      let timer = null;
      const tick = async () => {
        try {
          await task();
        } catch (failure) {
          ctx.fail(failure);
        }
        if (!signal.aborted) {
          timer = setTimeout(tick, typeof delay === 'function' ? delay() : delay);
        }
      };
      signal.addEventListener('abort', () => clearTimeout(timer));
      return tick();
    },
    /** Shows a failure of the page (not of a form: forms show theirs at their fields). */
    fail(failure) {
      if (signal.aborted || failure?.name === 'AbortError'
        || (failure instanceof ApiError && failure.code === 'UNAUTHENTICATED')) {
        return;
      }
      notify('Failed: ' + (failure?.message ?? failure));
    },
  };
  return ctx;
}
