#!/usr/bin/env node
// Real-browser test of gazette's default theme on the built example site.
//
// Drives Debian's Chromium (/usr/bin/chromium) through playwright-core and checks, at 390 px
// (phone) and 1280 px (desktop), in the light and the dark colour scheme:
//   1. the language chooser at / (links, and the redirect by navigator.languages: it waits for
//      the page the redirect lands on, forgives the aborts the redirect itself causes, and
//      proves with a self-test that it fails when the redirect never lands or its page errors),
//   2. the language switcher on a translated and an untranslated article,
//   3. the client-side search: German and Chinese title words from the header box; words that
//      only an article's body holds, with the match <mark>ed in the result's snippet; umlauts
//      and ß typed folded (ue, u, ss); numbers with and without thousands separators; and the
//      keyboard (Tab from the search box reaches the results, Enter opens one),
//   4. no console errors, page errors, failed requests or HTTP errors, and no broken internal
//      link, fragment, stylesheet, script or image on any page (crawled from /),
//   5. no horizontal scrolling on the phone, event box and key figures inside the viewport,
//   6. no serious or critical axe-core violations on the main page types,
//   7. full-page screenshots of the homes and an article in both languages, and that Chinese
//      text is drawn with a font fontconfig lists for Chinese (not empty boxes),
//   8. lead photos, on every page that has one: width/height attributes, srcset, loading,
//      cumulative layout shift < 0.1 while loading, screenshots at both widths (light only).
//
// It does not build or serve anything itself: scripts/browser-test.sh does that and sets
//   BASE_URL     the served site, e.g. http://127.0.0.1:8123 (required; the site must have been
//                built with --base-url set to the same URL)
//   SCREENSHOTS  where the PNGs go (default: tests/browser/screenshots)
//   CHROMIUM     the browser binary (default: /usr/bin/chromium)
//   VERBOSE=1    print every passing check too, not only the failures
//
// Prints `browser test: N checks passed, M failed` last and exits 1 when M > 0.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
if (!/^https?:\/\/[^/]+$/.test(BASE_URL)) {
  console.error('browser-test.js: set BASE_URL to the served site, e.g. BASE_URL=http://127.0.0.1:8123');
  console.error('(scripts/browser-test.sh builds, serves and runs this test in one go)');
  process.exit(2);
}
const ORIGIN = new URL(BASE_URL).origin;
const SCREENSHOTS = path.resolve(process.env.SCREENSHOTS || path.join(__dirname, 'screenshots'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const VERBOSE = process.env.VERBOSE === '1';

// Generous bounds for waiting on events: CI is a busy 2-core machine, where a page load can take
// seconds. Nothing waits this long when things work; the bounds only turn a hang into a failure.
const NAV_TIMEOUT = 30000;   // one navigation, up to its load event
const WAIT_TIMEOUT = 20000;  // an element, a URL, a script's result

const CHROMIUM_ARGS = [
  // playwright adds --headless itself (headless: true below)
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
};
const SCHEMES = ['light', 'dark'];
const COMBOS = [];
for (const vp of Object.keys(VIEWPORTS)) for (const scheme of SCHEMES) COMBOS.push({ vp, scheme });

// A locale that is neither German nor Chinese, so that the chooser at / does not redirect.
const NEUTRAL_LOCALE = 'fr-FR';

const ARTICLE_DE = '/de/2024/shandong-chongqing-talks/';
const ARTICLE_ZH = '/zh/2024/shandong-chongqing-talks/';
const UNTRANSLATED_DE = '/de/2023/jinan-fair-registration/';
const LANZHOU_DE = '/de/2025/lanzhou-agri-fair/';
const LANZHOU_ZH = '/zh/2025/lanzhou-agri-fair/';
const JINAN_FAIR_DE = '/de/2023/jinan-east-west-fair/';
const JINAN_FAIR_ZH = '/zh/2023/jinan-east-west-fair/';
const QINGDAO_DE = '/de/2024/qingdao-labour-cooperation/';
const QINGDAO_ZH = '/zh/2024/qingdao-labour-cooperation/';

// Pages that axe-core must find free of serious and critical violations.
const AXE_PAGES = [
  '/de/', '/zh/', ARTICLE_DE, ARTICLE_ZH, '/de/locations/chongqing/', '/de/archive/',
  // and the other templates: chooser, search with results, taxonomy list, standalone page, 404
  '/', '/zh/search/?q=%E5%85%B0%E5%B7%9E', '/de/tags/', '/zh/about/', '/404.html', UNTRANSLATED_DE,
];

// ---------------------------------------------------------------- check bookkeeping

const results = [];
let section = null;
let sectionStart = 0;

function check(name, ok, detail) {
  ok = Boolean(ok);
  results.push({ section, name, ok, detail });
  if (!ok) {
    const extra = detail === undefined || detail === '' ? '' : '\n         ' + String(detail).replace(/\n/g, '\n         ');
    console.log(`  FAIL  ${name}${extra}`);
  } else if (VERBOSE) {
    console.log(`  ok    ${name}`);
  }
  return ok;
}

function info(text) {
  console.log(`  note  ${text}`);
}

function endSection() {
  if (section === null) return;
  const mine = results.filter((r) => r.section === section);
  const failed = mine.filter((r) => !r.ok).length;
  const secs = ((Date.now() - sectionStart) / 1000).toFixed(1);
  console.log(`  -> ${mine.length - failed} passed, ${failed} failed (${secs} s)`);
}

function startSection(name) {
  endSection();
  section = name;
  sectionStart = Date.now();
  console.log(`\n== ${name}`);
}

// Runs one part of the test; an exception becomes a failed check instead of ending the run.
async function guarded(label, fn) {
  try {
    await fn();
  } catch (err) {
    check(`${label}: finished without an exception`, false, (err && err.stack) || String(err));
  }
}

// ---------------------------------------------------------------- browser helpers

let browser;

async function newContext(combo, extra = {}) {
  const v = VIEWPORTS[combo.vp];
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport: v.viewport,
    deviceScaleFactor: v.deviceScaleFactor,
    isMobile: v.isMobile,
    hasTouch: v.hasTouch,
    colorScheme: combo.scheme,
    reducedMotion: 'reduce',
    locale: NEUTRAL_LOCALE,
    serviceWorkers: 'block',
    ...extra,
  });
  context.setDefaultTimeout(WAIT_TIMEOUT);
  context.setDefaultNavigationTimeout(NAV_TIMEOUT);
  return context;
}

// Watches a page for everything that counts as an error: console errors, uncaught exceptions,
// failed requests and HTTP responses >= 400. `expect(url)` marks one URL whose 4xx is intended.
function watch(page) {
  const problems = [];
  const expected = new Set();
  let inflight = 0;
  let lastActivity = Date.now();
  const bump = () => { lastActivity = Date.now(); };

  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location() || {};
    // Chromium asks for /favicon.ico by itself, once per browser run, on whichever page comes
    // first; the crawl checks each page's icon explicitly instead (see "icon" below).
    if (loc.url && loc.url === `${ORIGIN}/favicon.ico` && /Failed to load resource/.test(msg.text())) return;
    problems.push({ kind: 'console', url: loc.url || page.url(), text: `console error: ${msg.text()}${loc.url ? ` (at ${loc.url}:${loc.lineNumber})` : ''}` });
  });
  page.on('pageerror', (err) => {
    problems.push({ kind: 'pageerror', url: page.url(), text: `uncaught exception: ${err.message}` });
  });
  page.on('request', () => { inflight += 1; bump(); });
  page.on('requestfinished', () => { inflight = Math.max(0, inflight - 1); bump(); });
  page.on('requestfailed', (req) => {
    inflight = Math.max(0, inflight - 1);
    bump();
    const failure = req.failure();
    const errorText = failure ? failure.errorText : 'unknown';
    problems.push({ kind: 'requestfailed', url: req.url(), request: req, errorText, text: `request failed: ${req.url()} (${errorText})` });
  });
  page.on('response', (res) => {
    if (res.status() >= 400) {
      problems.push({ kind: 'http', url: res.url(), status: res.status(), text: `HTTP ${res.status()} for ${res.url()}` });
    }
  });

  return {
    expect(url) { expected.add(url); },
    // Everything seen since the last call, without the intended 4xx responses (and the console
    // message Chromium prints for them).
    take() {
      const all = problems.splice(0);
      return all.filter((p) => {
        if (p.kind === 'http' && expected.has(p.url)) return false;
        if (p.kind === 'console' && expected.has(p.url) && /Failed to load resource/.test(p.text)) return false;
        return true;
      });
    },
    takeRaw() { return problems.splice(0); },
    // Waits until no request has been in flight for `quiet` ms (fetches made by scripts, images…).
    async idle(quiet = 150, timeout = WAIT_TIMEOUT) {
      const start = Date.now();
      while (Date.now() - start < timeout) {
        if (inflight === 0 && Date.now() - lastActivity >= quiet) return true;
        await new Promise((r) => setTimeout(r, 25));
      }
      return false;
    },
  };
}

async function open(page, watcher, url) {
  const response = await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
  await watcher.idle();
  await page.evaluate(() => document.fonts.ready.then(() => true));
  return response;
}

function pathOf(url) {
  const u = new URL(url, BASE_URL);
  return u.pathname + u.search;
}

function describe(problems) {
  return problems.map((p) => p.text).join('\n');
}

// Waits for every <img> (scrolling lazy ones into view) and lists those that did not load.
async function brokenImages(page) {
  return page.evaluate(async () => {
    const imgs = [...document.images];
    await Promise.all(imgs.map((img) => {
      if (img.complete) return null;
      img.scrollIntoView();
      return new Promise((resolve) => {
        img.addEventListener('load', resolve, { once: true });
        img.addEventListener('error', resolve, { once: true });
        setTimeout(resolve, 15000); // a bound, not a pause: load/error end the wait first
      });
    }));
    window.scrollTo(0, 0);
    return {
      count: imgs.length,
      broken: imgs.filter((img) => !img.complete || img.naturalWidth === 0)
        .map((img) => img.currentSrc || img.getAttribute('src')),
    };
  });
}

async function horizontalOverflow(page, width) {
  return page.evaluate((w) => {
    const doc = document.documentElement;
    const res = { scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, clientWidth: doc.clientWidth, culprits: [] };
    if (doc.scrollWidth > window.innerWidth || doc.scrollWidth > w) {
      // Name the outermost elements that stick out, to make the failure actionable.
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.right > w + 0.5 || r.left < -0.5)) {
          const parent = el.parentElement;
          const pr = parent ? parent.getBoundingClientRect() : null;
          if (!pr || !(pr.right > w + 0.5 || pr.left < -0.5)) {
            const id = el.id ? `#${el.id}` : '';
            const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
            res.culprits.push(`${el.tagName.toLowerCase()}${id}${cls} [${Math.round(r.left)}..${Math.round(r.right)}]`);
          }
        }
      }
    }
    return res;
  }, width);
}

// Is `selector` on this page visible and horizontally inside the viewport?
async function boxInViewport(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return { present: false };
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    const visible = r.width > 0 && r.height > 0 && cs.display !== 'none' && cs.visibility !== 'hidden' && Number(cs.opacity) > 0;
    const vw = document.documentElement.clientWidth;
    // Content must not be cut either: the element does not scroll sideways inside itself.
    const clipped = el.scrollWidth > el.clientWidth + 1;
    return {
      present: true, visible, left: r.left, right: r.right, vw, clipped,
      inside: r.left >= -0.5 && r.right <= vw + 0.5 && r.right <= window.innerWidth + 0.5,
    };
  }, selector);
}

// ---------------------------------------------------------------- 4 + 5: crawl

// url (absolute, without fragment) -> { status, type, from: Set, ids?: Set }
const resources = new Map();
const htmlPages = [];            // absolute URLs of HTML pages, in crawl order
const fragmentLinks = [];        // { target, id, from }
const notLinkedFromRoot = [];
const leadImagePages = [];       // absolute URLs of pages with a lead photo (figure.lead-image)
const externalLinks = new Set();

async function fetchStatus(request, url) {
  let entry = resources.get(url);
  if (entry) return entry;
  entry = { status: 0, type: '', from: new Set(), error: null };
  resources.set(url, entry);
  try {
    const res = await request.get(url, { maxRedirects: 5, timeout: WAIT_TIMEOUT });
    entry.status = res.status();
    entry.type = (res.headers()['content-type'] || '').split(';')[0].trim();
    entry.finalUrl = res.url();
    if (entry.type === 'text/html') entry.body = await res.text();
    await res.dispose();
  } catch (err) {
    entry.error = String(err.message || err);
  }
  return entry;
}

async function crawl() {
  startSection('crawl from / (phone, light): internal links, resources, console, images, layout');
  const context = await newContext({ vp: 'phone', scheme: 'light' });
  const page = await context.newPage();
  const watcher = watch(page);
  const queue = [];
  const queued = new Set();
  const enqueue = (url) => { if (!queued.has(url)) { queued.add(url); queue.push(url); } };

  const root = BASE_URL + '/';
  (await fetchStatus(context.request, root)).from.add('(start)');
  enqueue(root);

  // Follow links until nothing new turns up; then add what the sitemap knows but no link reaches,
  // and the 404 page, so that every page of the site is checked.
  let phase = 'links';
  for (;;) {
    while (queue.length > 0) {
      const url = queue.shift();
      await crawlPage(context, page, watcher, url, enqueue);
    }
    if (phase === 'links') {
      phase = 'sitemap';
      const extra = await sitemapUrls(context.request);
      for (const u of extra) {
        if (!queued.has(u)) { notLinkedFromRoot.push(pathOf(u)); enqueue(u); }
      }
      const notFound = BASE_URL + '/404.html';
      if (!queued.has(notFound)) {
        (await fetchStatus(context.request, notFound)).from.add('(on purpose)');
        enqueue(notFound);
      }
      continue;
    }
    break;
  }

  // Every same-origin URL referenced anywhere must answer without an error.
  for (const [url, entry] of resources) {
    const from = [...entry.from].slice(0, 3).map(pathOf).join(', ') + (entry.from.size > 3 ? ` and ${entry.from.size - 3} more` : '');
    const what = entry.implicitIcon
      ? `icon ${pathOf(url)} (requested by browsers because no <link rel="icon"> is declared, e.g. on ${from})`
      : `link target ${pathOf(url)} (linked from ${from})`;
    check(`${what} answers 2xx/3xx`,
      !entry.error && entry.status > 0 && entry.status < 400,
      entry.error || `status ${entry.status}`);
  }
  // Every #fragment link must point at an element that exists on the target page.
  const seen = new Set();
  for (const f of fragmentLinks) {
    const key = `${f.target}#${f.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = resources.get(f.target);
    const ids = entry && entry.ids;
    check(`fragment link ${pathOf(f.target)}#${f.id} has a target (linked from ${pathOf(f.from)})`,
      ids && ids.has(f.id), ids ? 'no element with that id or name' : 'target page was not crawled');
  }
  check('crawl reached the language homes and articles in both languages',
    [ '/de/', '/zh/', ARTICLE_DE, ARTICLE_ZH, UNTRANSLATED_DE, '/de/archive/', '/de/locations/chongqing/' ]
      .every((p) => htmlPages.includes(BASE_URL + p)),
    `crawled: ${htmlPages.map(pathOf).join(' ')}`);
  info(`${htmlPages.length} HTML pages and ${resources.size - htmlPages.length} other files crawled; ` +
    `${externalLinks.size} external link target(s) not followed (no network)`);
  if (notLinkedFromRoot.length) {
    info(`in sitemap.xml but not reachable by a link from /: ${notLinkedFromRoot.join(' ')}`);
  }
  await context.close();
}

// The pages /sitemap.xml lists. It is a sitemap index (<sitemapindex>) whose <loc>s are sitemap
// files (<urlset>) of at most [feeds] sitemap_urls pages each; a plain <urlset> is read too.
async function sitemapUrls(request) {
  const indexUrl = BASE_URL + '/sitemap.xml';
  const res = await request.get(indexUrl);
  const ok = check('/sitemap.xml answers 200', res.status() === 200, `status ${res.status()}`);
  if (!ok) return [];
  const xml = await res.text();
  const locsOf = (text) => [...text.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  let files = [[indexUrl, xml]];
  if (/<sitemapindex[\s>]/.test(xml)) {
    const children = locsOf(xml);
    const foreign = children.filter((u) => !u.startsWith(BASE_URL + '/'));
    check(`sitemap.xml is an index of ${children.length} sitemap file(s) on the --base-url ${BASE_URL}`,
      children.length > 0 && foreign.length === 0, foreign.slice(0, 5).join('\n') || 'no <loc> found');
    files = [];
    for (const u of children.filter((c) => c.startsWith(BASE_URL + '/'))) {
      const r = await request.get(u);
      const text = await r.text();
      if (check(`${pathOf(u)} (listed in /sitemap.xml) answers 200 with a <urlset>`,
        r.status() === 200 && /<urlset[\s>]/.test(text), `status ${r.status()}`)) files.push([u, text]);
      (await fetchStatus(request, u)).from.add(indexUrl);
    }
  }
  const all = [];
  for (const [file, text] of files) {
    const locs = locsOf(text);
    const foreign = locs.filter((u) => !u.startsWith(BASE_URL + '/'));
    check(`${pathOf(file)}: all ${locs.length} <loc> URLs start with the --base-url ${BASE_URL}`,
      locs.length > 0 && foreign.length === 0, foreign.slice(0, 5).join('\n') || 'no <loc> found');
    const alternates = [...text.matchAll(/<xhtml:link[^>]*href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    for (const u of alternates) if (u.startsWith(ORIGIN)) (await fetchStatus(request, u.split('#')[0])).from.add(file);
    for (const u of locs) if (u.startsWith(ORIGIN)) (await fetchStatus(request, u)).from.add(file);
    all.push(...locs.filter((u) => u.startsWith(ORIGIN)));
  }
  return all;
}

async function crawlPage(context, page, watcher, url, enqueue) {
  const p = pathOf(url);
  const isNotFoundPage = p === '/404.html';
  const response = await open(page, watcher, url);
  const status = response ? response.status() : 0;
  check(`${p}: loads with status 200`, status === 200, `status ${status}`);
  check(`${p}: stays on the requested URL (no redirect)`, page.url() === url, `ended on ${page.url()}`);
  htmlPages.push(url);

  const found = await page.evaluate(() => {
    const out = [];
    for (const a of document.querySelectorAll('a[href]')) out.push({ kind: 'a', url: a.href });
    for (const l of document.querySelectorAll('link[href]')) out.push({ kind: 'link', rel: l.rel, type: l.type, url: l.href });
    for (const s of document.querySelectorAll('script[src]')) out.push({ kind: 'script', url: s.src });
    for (const i of document.querySelectorAll('img[src]')) out.push({ kind: 'img', url: i.src });
    for (const f of document.querySelectorAll('form[action]')) out.push({ kind: 'form', url: f.action });
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id)
      .concat([...document.querySelectorAll('a[name]')].map((e) => e.name));
    const canonical = document.querySelector('link[rel="canonical"]');
    // The icon a browser will ask for: the declared one, or /favicon.ico when none is declared.
    const icon = document.querySelector('link[rel~="icon"]');
    if (!icon) out.push({ kind: 'icon', url: new URL('/favicon.ico', location.href).href });
    const leadImage = !!document.querySelector('figure.lead-image img');
    return { out, ids, canonical: canonical ? canonical.href : null, lang: document.documentElement.lang, title: document.title, leadImage };
  });
  if (found.leadImage) leadImagePages.push(url);
  const self = resources.get(url) || (await fetchStatus(context.request, url));
  self.ids = new Set(found.ids);

  check(`${p}: has <html lang> and a <title>`, /^(de|zh)/.test(found.lang) && found.title.trim().length > 0,
    `lang="${found.lang}" title="${found.title}"`);
  if (!isNotFoundPage) {
    check(`${p}: canonical link is its own URL on the --base-url`, found.canonical === url, `canonical ${found.canonical}`);
  }

  for (const item of found.out) {
    let u;
    try { u = new URL(item.url); } catch { check(`${p}: link "${item.url}" is a valid URL`, false); continue; }
    if (!/^https?:$/.test(u.protocol)) continue; // mailto:, tel:, javascript: …
    if (u.origin !== ORIGIN) { externalLinks.add(u.href); continue; }
    const hash = u.hash ? decodeURIComponent(u.hash.slice(1)) : '';
    u.hash = '';
    const target = u.href;
    if (hash && item.kind === 'a') fragmentLinks.push({ target, id: hash, from: url });
    const entry = await fetchStatus(context.request, target);
    entry.from.add(url);
    if (item.kind === 'icon') entry.implicitIcon = true;
    const followable = item.kind === 'a' || item.kind === 'form' ||
      (item.kind === 'link' && /\b(canonical|alternate)\b/.test(item.rel) && !item.type);
    if (followable && entry.type === 'text/html' && entry.status === 200 && entry.finalUrl === target) {
      enqueue(target);
    }
  }

  const imgs = await brokenImages(page);
  check(`${p}: all ${imgs.count} image(s) load (naturalWidth > 0)`, imgs.broken.length === 0, imgs.broken.join('\n'));
  await checkLayout(page, p, { vp: 'phone', scheme: 'light' });
  const problems = watcher.take();
  check(`${p}: no console errors, uncaught exceptions, failed requests or HTTP errors`, problems.length === 0, describe(problems));
}

// 5: layout checks, for one page in one viewport.
async function checkLayout(page, p, combo) {
  const width = VIEWPORTS[combo.vp].viewport.width;
  const tag = `${combo.vp}/${combo.scheme}`;
  if (combo.vp === 'phone') {
    const o = await horizontalOverflow(page, width);
    // Both conditions: on a mobile viewport Chromium zooms out to fit a too-wide page, which
    // makes innerWidth grow with scrollWidth.
    check(`${p} [${tag}]: no horizontal scrolling at ${width} px`,
      o.scrollWidth <= o.innerWidth && o.scrollWidth <= width,
      `documentElement.scrollWidth=${o.scrollWidth}, innerWidth=${o.innerWidth}; sticking out: ${o.culprits.slice(0, 8).join(', ')}`);
  }
  for (const sel of ['aside.facts', 'section.figures']) {
    const b = await boxInViewport(page, sel);
    const required = p === ARTICLE_DE || p === ARTICLE_ZH;
    if (!b.present) {
      if (required) check(`${p} [${tag}]: has ${sel}`, false, 'element missing');
      continue;
    }
    check(`${p} [${tag}]: ${sel} is visible and within the viewport width`,
      b.visible && b.inside && !b.clipped,
      `visible=${b.visible} left=${b.left.toFixed(1)} right=${b.right.toFixed(1)} viewport=${b.vw} clipped=${b.clipped}`);
  }
}

// The other three viewport/scheme combinations: every crawled page again.
async function recheckAllPages(combo) {
  const tag = `${combo.vp}/${combo.scheme}`;
  startSection(`every page again at ${tag}: console, requests, images, layout`);
  const context = await newContext(combo);
  const page = await context.newPage();
  const watcher = watch(page);
  let first = true;
  for (const url of htmlPages) {
    const p = pathOf(url);
    await guarded(`${p} [${tag}]`, async () => {
      const response = await open(page, watcher, url);
      check(`${p} [${tag}]: loads with status 200`, response && response.status() === 200, `status ${response && response.status()}`);
      if (first) {
        first = false;
        const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        check(`${p} [${tag}]: the ${combo.scheme} colour scheme is in effect (body background ${bg})`,
          dark === (combo.scheme === 'dark') && (combo.scheme === 'dark' ? bg === 'rgb(20, 21, 24)' : bg === 'rgb(251, 250, 247)'),
          `prefers-color-scheme: dark matches=${dark}, body background ${bg}`);
      }
      const imgs = await brokenImages(page);
      check(`${p} [${tag}]: all ${imgs.count} image(s) load`, imgs.broken.length === 0, imgs.broken.join('\n'));
      await checkLayout(page, p, combo);
      const problems = watcher.take();
      check(`${p} [${tag}]: no console errors, uncaught exceptions, failed requests or HTTP errors`,
        problems.length === 0, describe(problems));
    });
  }
  await context.close();
}

// The 404 page is fetched on purpose; a missing URL is requested on purpose too, to prove the
// error watcher sees a 404 (python's http.server answers it with its own page and status 404).
async function notFound() {
  startSection('404 page, and the error watcher itself');
  const context = await newContext({ vp: 'desktop', scheme: 'light' });
  const page = await context.newPage();
  const watcher = watch(page);

  const res = await open(page, watcher, '/404.html');
  check('/404.html answers 200', res && res.status() === 200, `status ${res && res.status()}`);
  const content = await page.evaluate(() => ({
    sections: [...document.querySelectorAll('main section[lang]')].map((s) => ({
      lang: s.lang, h1: (s.querySelector('h1') || {}).textContent || '', home: (s.querySelector('a[href]') || {}).href || '',
    })),
    borderTop: getComputedStyle(document.body).borderTopWidth,
  }));
  for (const lang of ['de', 'zh']) {
    const s = content.sections.find((x) => x.lang === lang);
    check(`/404.html has a ${lang} section with a heading and a link to /${lang}/`,
      s && s.h1.trim().length > 0 && s.home === `${BASE_URL}/${lang}/`, JSON.stringify(s || content.sections));
  }
  check('/404.html is styled by gazette.css', content.borderTop === '4px', `body border-top-width ${content.borderTop}`);
  check('/404.html: no console errors or failed requests', true && watcher.take().length === 0);

  const missing = `${BASE_URL}/no-such-page-${Date.now()}/`;
  await open(page, watcher, missing);
  const raw = watcher.takeRaw();
  check('error watcher sees the 404 of a missing URL (so the no-error checks can fail)',
    raw.some((p) => p.kind === 'http' && p.status === 404 && p.url === missing), describe(raw) || 'nothing seen');
  await context.close();
}

// ---------------------------------------------------------------- 1: language chooser

async function chooser(combo) {
  const tag = `${combo.vp}/${combo.scheme}`;
  const context = await newContext(combo);
  const page = await context.newPage();
  const watcher = watch(page);
  // Any navigation of the page away from / is a redirect the chooser must not make here.
  const navigations = [];
  page.on('request', (r) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) navigations.push(pathOf(r.url()));
  });
  await open(page, watcher, '/');
  // Proving that something does NOT happen needs a bound: the redirect script runs in <head>,
  // before the load event that open() waited for, so a wrong location.replace() has already
  // started its navigation by now; the short pause only lets its request event arrive.
  await page.waitForTimeout(300);
  const langs = await page.evaluate(() => [...(navigator.languages || [navigator.language])]);
  check(`/ [${tag}]: with locale ${NEUTRAL_LOCALE} (navigator.languages=${langs.join(',')}) the chooser stays on /`,
    pathOf(page.url()) === '/' && navigations.every((p) => p === '/'),
    `ended on ${page.url()}; navigations: ${navigations.join(' ')}`);
  for (const lang of ['de', 'zh']) {
    const link = page.locator(`.chooser-list a[hreflang="${lang}"]`);
    const n = await link.count();
    if (!check(`/ [${tag}]: chooser has one link for ${lang}`, n === 1, `${n} links`)) continue;
    const href = await link.getAttribute('href');
    check(`/ [${tag}]: the ${lang} link points to /${lang}/`, new URL(href, BASE_URL).pathname === `/${lang}/`, `href="${href}"`);
    check(`/ [${tag}]: the ${lang} link is visible`, await link.isVisible());
    await Promise.all([page.waitForURL(`${BASE_URL}/${lang}/`, { timeout: NAV_TIMEOUT }).catch(() => null), link.click()]);
    await watcher.idle();
    const lang2 = await page.evaluate(() => document.documentElement.lang);
    check(`/ [${tag}]: clicking the ${lang} link opens /${lang}/ (a page in lang ${lang})`,
      pathOf(page.url()) === `/${lang}/` && lang2 === lang, `ended on ${page.url()}, lang="${lang2}"`);
    await open(page, watcher, '/');
  }
  const problems = watcher.take();
  check(`/ [${tag}]: no console errors or failed requests`, problems.length === 0, describe(problems));
  await context.close();

  for (const [locale, lang] of [['zh-CN', 'zh'], ['de-DE', 'de']]) {
    const r = await followChooserRedirect(combo, locale, lang);
    check(`/ [${tag}]: with locale ${locale} the chooser redirects to /${lang}/ (loaded, HTTP 200, lang ${lang})`,
      r.landed, r.detail);
    check(`/ [${tag}] locale ${locale}: no console errors or failed requests (aborts superseded by the redirect aside)`,
      r.problems.length === 0, describe(r.problems));
    if (r.superseded.length) info(`/ [${tag}] locale ${locale}: superseded by the redirect, as expected: ${r.superseded.join('; ')}`);
  }
}

// Opens / with `locale` and follows the chooser's redirect to /{lang}/.
//
// The chooser calls location.replace() in <head>, while / is still loading, so the navigation
// to / can be cut short by the redirect: page.goto('/') may reject with net::ERR_ABORTED or
// "interrupted by another navigation", and requests of / (its stylesheet, icon) may fail with
// net::ERR_ABORTED. That is the redirect working, not an error. So this waits for the final
// URL and its load event instead of trusting goto(), and forgives exactly those aborts that
// began before the navigation to /{lang}/ that landed. It reports failure when the redirect
// never lands, goto() failed in any other way, the final page is not a 200 in lang, or
// anything of the final page fails. `route` (optional) is handed to context.route, to test
// this function itself.
async function followChooserRedirect(combo, locale, lang, { route, timeout = NAV_TIMEOUT } = {}) {
  const ctx = await newContext(combo, { locale });
  if (route) await ctx.route(route.url, route.handler);
  const pg = await ctx.newPage();
  const w = watch(pg);
  const target = `${BASE_URL}/${lang}/`;
  const requests = [];      // every request of the page, in order
  const navigations = [];   // main-frame navigation requests, in order
  pg.on('request', (r) => {
    requests.push(r);
    if (r.isNavigationRequest() && r.frame() === pg.mainFrame()) navigations.push(r);
  });
  // Listen before navigating: the redirect can land before goto() returns or rejects.
  const landing = waitForLanding(pg, target, timeout);
  const gotoError = await pg.goto('/', { waitUntil: 'load', timeout }).then(() => null, (e) => e);
  const { error: landError, aborts } = await landing;
  await w.idle();

  // The navigation that landed: the last main-frame request for the target.
  const final = [...navigations].reverse().find((r) => r.url() === target);
  const response = final ? await final.response().catch(() => null) : null;
  const status = response ? response.status() : 0;
  const docLang = landError ? '' : await pg.evaluate(() => document.documentElement.lang).catch(() => '');
  const supersededBefore = final ? requests.indexOf(final) : -1;
  const gotoOk = gotoError === null || (abortedByRedirect(gotoError) && !landError);

  const superseded = [];
  const problems = w.take().filter((p) => {
    const early = p.kind === 'requestfailed' && p.errorText === 'net::ERR_ABORTED' && supersededBefore >= 0 &&
      requests.indexOf(p.request) >= 0 && requests.indexOf(p.request) < supersededBefore && p.request !== final;
    if (early) superseded.push(`${pathOf(p.url)} aborted`);
    return !early;
  });
  if (gotoError && gotoOk) superseded.push(`goto('/') ended with "${String(gotoError.message).split('\n')[0]}"`);
  for (const e of aborts) superseded.push(`waitForURL saw the aborted navigation "${String(e.message).split('\n')[0]}"`);
  const landed = !landError && gotoOk && pathOf(pg.url()) === `/${lang}/` && status === 200 && docLang === lang;
  const detail = [
    `ended on ${pg.url()}, HTTP ${status || 'none'}, lang="${docLang}"`,
    landError ? `never landed on ${target}: ${String(landError.message).split('\n')[0]}` : '',
    gotoError && !gotoOk ? `goto('/') failed: ${String(gotoError.message).split('\n')[0]}` : '',
    `navigations: ${navigations.map((r) => pathOf(r.url())).join(' -> ') || '(none)'}`,
  ].filter(Boolean).join('\n');
  await ctx.close();
  return { landed, detail, problems, superseded };
}

// An error that says a navigation was cut short by another one (the case of a client-side
// redirect while the first page loads).
function abortedByRedirect(e) {
  return Boolean(e) && /net::ERR_ABORTED|interrupted by another navigation/.test(String(e.message));
}

// Waits until the page has loaded `target`. page.waitForURL() rejects when ANY navigation in
// between fails, which includes the navigation to / that the redirect aborts; so an abort
// restarts the wait (a few times at most, within the one deadline), any other error ends it.
// waitForURL first looks at the current URL, so a landing that happened meanwhile counts.
async function waitForLanding(page, target, timeout) {
  const deadline = Date.now() + timeout;
  const aborts = [];
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return { error: new Error(`no load of ${target} within ${timeout} ms`), aborts };
    try {
      await page.waitForURL(target, { waitUntil: 'load', timeout: left });
      return { error: null, aborts };
    } catch (e) {
      if (!abortedByRedirect(e) || aborts.length >= 5) return { error: e, aborts };
      aborts.push(e);
    }
  }
}

// The redirect check must be able to fail: once when the redirect never comes, once when the
// page it lands on answers with an error.
async function chooserSelfTest() {
  const combo = { vp: 'desktop', scheme: 'light' };
  // fr-FR: the chooser stays on /, so /de/ never loads. The bound is short on purpose: the
  // redirect, when there is one, starts before / has loaded.
  const never = await followChooserRedirect(combo, NEUTRAL_LOCALE, 'de', { timeout: 3000 });
  check('chooser redirect check fails when the redirect never lands (locale fr-FR, expecting /de/)',
    !never.landed && /never landed/.test(never.detail), never.detail);
  const broken = await followChooserRedirect(combo, 'zh-CN', 'zh', {
    route: { url: `${BASE_URL}/zh/`, handler: (r) => r.fulfill({ status: 500, contentType: 'text/html', body: '<!doctype html><html lang="zh"><title>x</title>' }) },
  });
  check('chooser redirect check fails when the redirected page answers HTTP 500',
    !broken.landed && /HTTP 500/.test(broken.detail) && broken.problems.some((p) => p.kind === 'http' && p.status === 500),
    `${broken.detail}\nproblems: ${describe(broken.problems)}`);
}

// ---------------------------------------------------------------- 2: language switcher

async function switcher(combo) {
  const tag = `${combo.vp}/${combo.scheme}`;
  const context = await newContext(combo);
  const page = await context.newPage();
  const watcher = watch(page);
  const cases = [
    [ARTICLE_DE, ARTICLE_ZH, 'zh', 'translated article, de -> zh'],
    [ARTICLE_ZH, ARTICLE_DE, 'de', 'translated article, zh -> de'],
    [UNTRANSLATED_DE, '/zh/', 'zh', 'untranslated article -> other home'],
  ];
  for (const [from, to, lang, what] of cases) {
    await open(page, watcher, from);
    const link = page.locator(`nav.lang-switch a[hreflang="${lang}"]`);
    const n = await link.count();
    if (!check(`${from} [${tag}]: nav.lang-switch has a link to ${lang}`, n === 1, `${n} links`)) continue;
    check(`${from} [${tag}]: the switcher link is visible`, await link.isVisible());
    await Promise.all([page.waitForURL(BASE_URL + to, { timeout: NAV_TIMEOUT }).catch(() => null), link.click()]);
    await watcher.idle();
    const got = await page.evaluate(() => ({ lang: document.documentElement.lang, h1: (document.querySelector('h1') || {}).textContent || '' }));
    check(`${from} [${tag}]: switcher (${what}) opens ${to}`,
      pathOf(page.url()) === to && got.lang === lang && got.h1.trim().length > 0,
      `ended on ${pathOf(page.url())}, lang="${got.lang}"`);
  }
  const problems = watcher.take();
  check(`switcher pages [${tag}]: no console errors or failed requests`, problems.length === 0, describe(problems));
  await context.close();
}

// ---------------------------------------------------------------- 3: search

// Words that occur only in the BODY text of one or two articles: not in a title, a summary
// (which defaults to the first paragraph), a tag, an event, a place or a source. Only the
// full-text index of the bodies can find them, and the result must show the match, marked, in
// its snippet. Checked with grep over content/ (drafts are not published):
const BODY_SEARCHES = [
  // content/2024/qingdao-labour-cooperation.de.md, last paragraph: "Fragen zu Sozialversicherung".
  { lang: 'de', q: 'Sozialversicherung', expected: [QINGDAO_DE], mark: 'Sozialversicherung', what: 'German body word' },
  // content/2023/jinan-east-west-fair.de.md, section "Ergebnisse": "Anbieter von Landmaschinen
  // und Kühllogistik", typed with the umlaut folded (ü -> ue) ...
  { lang: 'de', q: 'kuehllogistik', expected: [JINAN_FAIR_DE], mark: 'Kühllogistik', what: 'umlaut folded, ü typed as ue' },
  // ... and with the umlaut dropped (ü -> u), the second spelling the index keeps.
  { lang: 'de', q: 'kuhllogistik', expected: [JINAN_FAIR_DE], mark: 'Kühllogistik', what: 'umlaut dropped, ü typed as u' },
  // content/2024/shandong-chongqing-talks.de.md, heading "Hintergrund: die „vier Maßnahmen“":
  // ß typed as ss (as "aussenhandel" for "Außenhandel").
  { lang: 'de', q: 'massnahmen', expected: [ARTICLE_DE], mark: 'Maßnahmen', what: 'ß folded, typed as ss' },
  // content/2024/qingdao-labour-cooperation.de.md: "Monatslohn lag im Durchschnitt bei 5.800
  // Yuan" (third paragraph): written with a thousands separator, searched without.
  { lang: 'de', q: '5800', expected: [QINGDAO_DE], mark: '5.800', what: 'number 5.800 searched as 5800' },
  // content/2024/qingdao-labour-cooperation.zh.md: "不少企业还提供员工宿舍" (third paragraph).
  { lang: 'zh', q: '宿舍', expected: [QINGDAO_ZH], mark: '宿舍', what: 'Chinese body word' },
  // Two articles: content/2023/jinan-east-west-fair.zh.md ("农机装备和冷链物流企业", section 展会成果)
  // and content/2025/lanzhou-agricultural-fair/index.zh.md ("冷链专区", second section).
  { lang: 'zh', q: '冷链', expected: [JINAN_FAIR_ZH, LANZHOU_ZH], mark: '冷链', what: 'Chinese body word in two articles' },
  // content/2024/qingdao-labour-cooperation.zh.md: "岗位平均月薪约5800元": written without a
  // separator, searched with one.
  { lang: 'zh', q: '5,800', expected: [QINGDAO_ZH], mark: '5800', what: 'number 5800 searched as 5,800' },
];

// Waits until the search has shown its answer: the status is set, and the list holds as many
// results as the status announces (at most one page of ten), or none when it announces none.
async function waitForResults(page) {
  return page.waitForFunction(() => {
    const status = (document.querySelector('.search-status') || {}).textContent || '';
    if (!status.trim()) return false;
    const m = status.match(/\d+/);
    const announced = m ? Number(m[0]) : 0;
    return document.querySelectorAll('.search-results li').length === Math.min(announced, 10);
  }, null, { timeout: WAIT_TIMEOUT }).then(() => true, () => false);
}

// What the result list shows: per result its link, title and snippet with their <mark>s.
async function readResults(page) {
  return page.evaluate(() => ({
    items: [...document.querySelectorAll('.search-results li')].map((li) => {
      const a = li.querySelector('a');
      const snippet = li.querySelector('.snippet');
      return {
        href: a ? new URL(a.href).pathname : '',
        title: a ? a.textContent : '',
        titleMarks: a ? [...a.querySelectorAll('mark')].map((m) => m.textContent) : [],
        snippet: snippet ? snippet.textContent : '',
        snippetMarks: snippet ? [...snippet.querySelectorAll('mark')].map((m) => m.textContent) : [],
      };
    }),
    q: new URL(location.href).searchParams.get('q'),
    value: (document.querySelector('#search-page-q') || {}).value,
    status: (document.querySelector('.search-status') || {}).textContent || '',
  }));
}

async function search(combo) {
  const tag = `${combo.vp}/${combo.scheme}`;
  const context = await newContext(combo);
  const page = await context.newPage();
  const watcher = watch(page);

  // Title words, from the search box in the header of the language's home.
  const cases = [
    ['de', 'Lanzhou', [LANZHOU_DE]],
    ['de', 'Messe', [LANZHOU_DE, JINAN_FAIR_DE]],
    ['zh', '兰州', [LANZHOU_ZH]],
    ['zh', '展销会', [LANZHOU_ZH]],
  ];
  for (const [lang, word, expected] of cases) {
    await open(page, watcher, `/${lang}/`);
    const input = page.locator('header form.search-form input[type="search"]');
    if (!check(`/${lang}/ [${tag}]: header search box is visible`, await input.isVisible().catch(() => false))) continue;
    await input.fill(word);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/${lang}/search/`, { timeout: NAV_TIMEOUT }).catch(() => null),
      page.locator('header form.search-form button[type="submit"]').click(),
    ]);
    const shown = await waitForResults(page);
    await watcher.idle();
    const got = await readResults(page);
    const hrefs = got.items.map((i) => i.href);
    check(`search [${tag}] "${word}" from /${lang}/: submits to /${lang}/search/?q=${word}`,
      pathOf(page.url()).startsWith(`/${lang}/search/`) && got.q === word && got.value === word,
      `url ${page.url()}, q=${got.q}, input value=${got.value}`);
    check(`search [${tag}] "${word}": results include ${expected.join(', ')}`,
      shown && expected.every((e) => hrefs.includes(e)),
      `results: ${hrefs.join(', ') || '(none)'}; status "${got.status}"${shown ? '' : '; the results did not settle'}`);
    check(`search [${tag}] "${word}": every result is a ${lang} page`, hrefs.length > 0 && hrefs.every((h) => h.startsWith(`/${lang}/`)),
      hrefs.join(', '));
    // The result is a working link to the article.
    const first = page.locator(`.search-results li a[href="${expected[0]}"]`);
    if (await first.count()) {
      await Promise.all([page.waitForURL(BASE_URL + expected[0], { timeout: NAV_TIMEOUT }).catch(() => null), first.first().click()]);
      await watcher.idle();
      check(`search [${tag}] "${word}": clicking the result opens ${expected[0]}`, pathOf(page.url()) === expected[0], `ended on ${page.url()}`);
    }
  }

  // Body words, numbers and folded spellings, typed into the search page and submitted with
  // Enter; then the keyboard alone: Tab reaches the results, Enter opens one.
  for (const c of BODY_SEARCHES) {
    const label = `search [${tag}] "${c.q}" (${c.what})`;
    await open(page, watcher, `/${c.lang}/search/`);
    const input = page.locator('#search-page-q');
    await input.fill(c.q);
    await input.press('Enter');
    const shown = await waitForResults(page);
    await watcher.idle();
    const got = await readResults(page);
    const hrefs = got.items.map((i) => i.href);
    check(`${label}: finds exactly ${c.expected.join(' and ')}`,
      shown && hrefs.length === c.expected.length && c.expected.every((e) => hrefs.includes(e)),
      `results: ${hrefs.join(', ') || '(none)'}; status "${got.status}"${shown ? '' : '; the results did not settle'}`);
    check(`${label}: the URL follows the query (?q=${c.q})`, got.q === c.q, `q=${got.q}`);
    for (const e of c.expected) {
      const item = got.items.find((i) => i.href === e);
      if (!item) continue;
      check(`${label}: the result ${e} shows a snippet with <mark>${c.mark}</mark>`,
        item.snippetMarks.includes(c.mark),
        `snippet marks: ${JSON.stringify(item.snippetMarks)}; snippet "${item.snippet.slice(0, 200)}"`);
      check(`${label}: the match is in the body, not the title of ${e}`,
        item.titleMarks.length === 0, `title "${item.title}" marks ${JSON.stringify(item.titleMarks)}`);
    }
    if (!got.items.length) continue;

    // Keyboard: from the search box, Tab (a few times at most) lands on the first result.
    await input.focus();
    let reached = null;
    for (let i = 0; i < 6 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || !el.closest('.search-results')) return null;
        const first = document.querySelector('.search-results li a');
        return { first: el === first, href: el.href ? new URL(el.href).pathname : '', visible: el.matches(':focus-visible') };
      });
    }
    if (!check(`${label}: Tab from the search box reaches the first result, with a visible focus`,
      reached && reached.first && reached.visible, JSON.stringify(reached))) continue;
    // Tab on to the expected result (it need not be first), then Enter opens it.
    const want = c.expected[0];
    for (let i = 0; i < got.items.length && reached && reached.href !== want; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        const el = document.activeElement;
        return el && el.closest('.search-results') ? { href: new URL(el.href).pathname } : null;
      });
    }
    if (!check(`${label}: Tab reaches the result ${want}`, reached && reached.href === want, JSON.stringify(reached))) continue;
    await Promise.all([
      page.waitForURL(BASE_URL + want, { timeout: NAV_TIMEOUT }).catch(() => null),
      page.keyboard.press('Enter'),
    ]);
    await watcher.idle();
    check(`${label}: Enter on the focused result opens ${want}`, pathOf(page.url()) === want, `ended on ${page.url()}`);
  }

  // A word that is nowhere: no results, and the status says so.
  await open(page, watcher, '/de/search/');
  await page.locator('#search-page-q').fill('Quxzyvrblk');
  await page.locator('.search form button[type="submit"]').click();
  await waitForResults(page);
  const none = await page.evaluate(() => ({
    n: document.querySelectorAll('.search-results li').length,
    status: (document.querySelector('.search-status') || {}).textContent || '',
    expected: (document.querySelector('.search[data-no-results]') || { dataset: {} }).dataset.noResults,
  }));
  check(`search [${tag}]: a word that occurs nowhere finds nothing and says so`,
    none.n === 0 && none.status.length > 0 && none.status === none.expected, JSON.stringify(none));
  const problems = watcher.take();
  check(`search pages [${tag}]: no console errors or failed requests`, problems.length === 0, describe(problems));
  await context.close();
}

// ---------------------------------------------------------------- 6: axe-core

const AXE_PATH = require.resolve('axe-core/axe.min.js');
const axeFindings = [];

async function axe(combo) {
  const tag = `${combo.vp}/${combo.scheme}`;
  const context = await newContext(combo);
  const page = await context.newPage();
  const watcher = watch(page);
  for (const p of AXE_PAGES) {
    await guarded(`axe ${p} [${tag}]`, async () => {
      await open(page, watcher, p);
      await page.addScriptTag({ path: AXE_PATH });
      const result = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target.join(' '), impact: n.impact, summary: n.failureSummary })),
        }));
      });
      const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const minor = result.filter((v) => !(v.impact === 'serious' || v.impact === 'critical'));
      const detail = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n` +
        v.nodes.map((n) => `  - ${n.target}\n    ${String(n.summary).replace(/\n/g, '\n    ')}`).join('\n')).join('\n');
      for (const v of bad) axeFindings.push({ page: p, tag, ...v });
      check(`axe ${p} [${tag}]: no serious or critical violations`, bad.length === 0, detail);
      if (minor.length && VERBOSE) info(`axe ${p} [${tag}]: minor/moderate: ${minor.map((v) => `${v.id} (${v.nodes.length})`).join(', ')}`);
      const problems = watcher.take();
      check(`axe ${p} [${tag}]: no console errors or failed requests`, problems.length === 0, describe(problems));
    });
  }
  await context.close();
}

// ---------------------------------------------------------------- fonts for Chinese

// Families that fontconfig says cover Chinese (`fc-list :lang=zh family`); empty when none is
// installed, in which case Chromium draws Chinese text as empty boxes.
function chineseFontFamilies() {
  let out = '';
  try {
    out = require('node:child_process').execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  } catch (err) {
    return { families: new Set(), error: String(err.message || err) };
  }
  const families = new Set();
  for (const line of out.split('\n')) for (const f of line.split(',')) if (f.trim()) families.add(f.trim());
  return { families, error: null };
}

// The fonts Chromium really used for the text of `selector` (CDP CSS.getPlatformFontsForNode),
// and how many of its characters are Chinese.
async function platformFonts(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) return null;
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const text = await page.locator(selector).first().textContent();
    const han = [...text].filter((ch) => /\p{Script=Han}/u.test(ch)).length;
    return { fonts, han, text };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

async function checkChineseGlyphs(page, p, selector, tag) {
  const { families } = chineseFontFamilies();
  const r = await platformFonts(page, selector);
  if (!check(`${p} [${tag}]: ${selector} is there to check its fonts`, r && r.han > 0, r ? `text "${r.text}"` : 'not found')) return;
  const zhGlyphs = r.fonts.filter((f) => families.has(f.familyName)).reduce((n, f) => n + f.glyphCount, 0);
  check(`${p} [${tag}]: the ${r.han} Chinese characters of ${selector} are drawn with a Chinese font, not empty boxes`,
    zhGlyphs >= r.han,
    `fonts used: ${r.fonts.map((f) => `${f.familyName} (${f.glyphCount} glyphs)`).join(', ')}; ` +
    `Chinese fonts installed (fc-list :lang=zh): ${[...families].join(', ') || 'none'}`);
}

// ---------------------------------------------------------------- 8: lead photos

// Every article with a lead photo ([image] in its front matter, figure.lead-image), at both
// widths: the <img> has width and height (so the browser reserves its box), a srcset, loads,
// and the page does not shift while it loads (cumulative layout shift < 0.1, measured with a
// PerformanceObserver for layout-shift entries from the first byte on); and a screenshot.
async function photos() {
  startSection('8. lead photos: width/height, srcset, loads, no layout shift, screenshots');
  if (leadImagePages.length === 0) {
    info('no crawled page has a lead photo (figure.lead-image, from [image] in an article\'s front matter): ' +
      'the example content has none, so there is nothing to check here');
    return;
  }
  info(`pages with a lead photo: ${leadImagePages.map(pathOf).join(' ')}`);
  for (const url of leadImagePages) {
    for (const vp of ['phone', 'desktop']) {
      const combo = { vp, scheme: 'light' };
      await guarded(`photo ${pathOf(url)} [${vp}]`, () => photoPage(url, combo));
    }
  }
}

async function photoPage(url, combo) {
  const p = pathOf(url);
  const tag = `${combo.vp}/${combo.scheme}`;
  const context = await newContext(combo);
  await context.addInitScript(() => {
    const cls = { value: 0, shifts: [], error: null };
    window.__gazetteCls = cls;
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (e.hadRecentInput) continue;
          cls.value += e.value;
          cls.shifts.push({
            value: Number(e.value.toFixed(4)),
            sources: (e.sources || []).map((src) => {
              const n = src.node;
              if (!n || !n.nodeName) return '?';
              return n.nodeName.toLowerCase() + (n.className && typeof n.className === 'string' ? '.' + n.className.trim().split(/\s+/).join('.') : '');
            }),
          });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    } catch (err) {
      cls.error = String(err);
    }
  });
  const page = await context.newPage();
  const watcher = watch(page);
  await open(page, watcher, url);
  const r = await page.evaluate(async () => {
    const img = document.querySelector('figure.lead-image img');
    if (!img) return null;
    if (!img.complete) {
      await new Promise((resolve) => {
        img.addEventListener('load', resolve, { once: true });
        img.addEventListener('error', resolve, { once: true });
      });
    }
    // Two frames after the image, so that a shift it caused has been laid out and reported.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const box = img.getBoundingClientRect();
    return {
      width: img.getAttribute('width'), height: img.getAttribute('height'), srcset: img.getAttribute('srcset') || '',
      naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight, currentSrc: img.currentSrc, complete: img.complete,
      boxWidth: box.width, boxHeight: box.height, cls: window.__gazetteCls,
    };
  });
  if (!check(`${p} [${tag}]: has a lead photo`, r, 'figure.lead-image img not found')) { await context.close(); return; }
  const w = Number(r.width);
  const h = Number(r.height);
  check(`${p} [${tag}]: lead photo has width and height attributes`,
    /^\d+$/.test(r.width || '') && /^\d+$/.test(r.height || '') && w > 0 && h > 0, `width="${r.width}" height="${r.height}"`);
  check(`${p} [${tag}]: lead photo has a srcset`, r.srcset.trim().length > 0, `srcset="${r.srcset}"`);
  check(`${p} [${tag}]: lead photo loads (naturalWidth > 0)`, r.complete && r.naturalWidth > 0,
    `complete=${r.complete} naturalWidth=${r.naturalWidth} currentSrc=${r.currentSrc}`);
  check(`${p} [${tag}]: lead photo is shown in the proportions of its width/height`,
    w > 0 && h > 0 && r.boxWidth > 0 && Math.abs(r.boxHeight / r.boxWidth - h / w) < 0.02,
    `box ${r.boxWidth.toFixed(1)}x${r.boxHeight.toFixed(1)}, attributes ${r.width}x${r.height}`);
  check(`${p} [${tag}]: no layout shift while loading (CLS ${r.cls.value.toFixed(4)} < 0.1)`,
    !r.cls.error && r.cls.value < 0.1, r.cls.error || JSON.stringify(r.cls.shifts));
  const v = VIEWPORTS[combo.vp];
  const name = p.replace(/^\/|\/$/g, '').replace(/\//g, '-');
  const file = path.join(SCREENSHOTS, `photo-${name}-${combo.vp}-${combo.scheme}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const size = fs.existsSync(file) ? pngSize(file) : null;
  const wantWidth = v.viewport.width * v.deviceScaleFactor;
  check(`screenshot ${path.basename(file)} [${tag}]: a full-page PNG ${wantWidth} px wide`,
    size && size.width === wantWidth && size.bytes > 10000, JSON.stringify(size));
  if (size) shots.push(file);
  const problems = watcher.take();
  check(`${p} [${tag}]: photo page without console errors or failed requests`, problems.length === 0, describe(problems));
  await context.close();
}

// ---------------------------------------------------------------- 7: screenshots

function pngSize(file) {
  const buf = fs.readFileSync(file);
  const sig = buf.subarray(0, 8).toString('hex');
  if (sig !== '89504e470d0a1a0a') return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), bytes: buf.length };
}

const shots = [];

async function screenshots(combo) {
  const tag = `${combo.vp}/${combo.scheme}`;
  const context = await newContext(combo);
  const page = await context.newPage();
  const watcher = watch(page);
  const v = VIEWPORTS[combo.vp];
  for (const [name, p] of [['home-de', '/de/'], ['home-zh', '/zh/'], ['article-de', ARTICLE_DE], ['article-zh', ARTICLE_ZH]]) {
    await open(page, watcher, p);
    if (name === 'article-zh') await checkChineseGlyphs(page, p, 'h1.article-title', tag);
    if (name === 'home-zh') await checkChineseGlyphs(page, p, 'a.brand', tag);
    const file = path.join(SCREENSHOTS, `${name}-${combo.vp}-${combo.scheme}.png`);
    await page.screenshot({ path: file, fullPage: true });
    const size = fs.existsSync(file) ? pngSize(file) : null;
    const wantWidth = v.viewport.width * v.deviceScaleFactor;
    check(`screenshot ${path.basename(file)} [${tag}]: a full-page PNG ${wantWidth} px wide`,
      size && size.width === wantWidth && size.height >= v.viewport.height * v.deviceScaleFactor && size.bytes > 10000,
      JSON.stringify(size));
    if (size) shots.push(file);
  }
  const problems = watcher.take();
  check(`screenshot pages [${tag}]: no console errors or failed requests`, problems.length === 0, describe(problems));
  await context.close();
}

// ---------------------------------------------------------------- main

async function main() {
  const started = Date.now();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  console.log(`browser test of ${BASE_URL} with ${CHROMIUM}`);
  try {
    // launch() starts Chromium with a new, empty --user-data-dir in the temp folder and deletes
    // it on close; each newContext() below is a further isolated profile (no cookies, no cache).
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30000,
    });
    console.log(`Chromium ${browser.version()}`);

    await guarded('crawl', crawl);
    for (const combo of COMBOS) {
      if (combo.vp === 'phone' && combo.scheme === 'light') continue; // done by the crawl
      await guarded(`recheck ${combo.vp}/${combo.scheme}`, () => recheckAllPages(combo));
    }
    await guarded('404', notFound);

    startSection('1. language chooser at /');
    for (const combo of COMBOS) await guarded(`chooser ${combo.vp}/${combo.scheme}`, () => chooser(combo));
    await guarded('chooser self-test', chooserSelfTest);
    startSection('2. language switcher');
    for (const combo of COMBOS) await guarded(`switcher ${combo.vp}/${combo.scheme}`, () => switcher(combo));
    startSection('3. search (German and Chinese): title words, body words, folded spellings, numbers, keyboard');
    for (const combo of COMBOS) await guarded(`search ${combo.vp}/${combo.scheme}`, () => search(combo));
    startSection('6. axe-core: no serious or critical violations');
    for (const combo of COMBOS) await guarded(`axe ${combo.vp}/${combo.scheme}`, () => axe(combo));
    startSection(`7. screenshots -> ${SCREENSHOTS}`);
    const zh = chineseFontFamilies();
    check('fontconfig has a font for Chinese (fc-list :lang=zh lists one)', zh.families.size > 0,
      zh.error || 'fc-list :lang=zh lists nothing: install fonts-noto-cjk (scripts/browser-test.sh does)');
    for (const combo of COMBOS) await guarded(`screenshots ${combo.vp}/${combo.scheme}`, () => screenshots(combo));
    await guarded('photos', photos);
    endSection();
    section = 'end';
  } catch (err) {
    section = 'setup';
    check('browser starts and the test runs to the end', false, (err && err.stack) || String(err));
  } finally {
    if (browser) await browser.close().catch(() => {});
  }

  if (axeFindings.length) {
    console.log('\naxe-core serious/critical findings (rule, page, viewport/scheme, element):');
    for (const f of axeFindings) {
      for (const n of f.nodes) console.log(`  ${f.impact} ${f.id} ${f.page} [${f.tag}] ${n.target}: ${f.help}`);
    }
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length) {
    console.log(`\nfailed checks (${failed.length}):`);
    for (const r of failed) console.log(`  - [${r.section}] ${r.name}`);
  }
  console.log(`\n${shots.length} screenshots in ${SCREENSHOTS}; ran ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`browser test: ${results.length - failed.length} checks passed, ${failed.length} failed`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  console.log('browser test: 0 checks passed, 1 failed');
  process.exit(1);
});
