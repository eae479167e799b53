// Opens a newsgraph viewer page in headless Chromium, does what the plan asks (click a node, click
// an edge, search, find a path) and prints one JSON report on stdout for tests/view.rs to check.
//
// usage: node viewer.mjs PAGE.html PLAN.json
// PLAN: {"node": id?, "edge": index?, "search": text?, "path": [from, to]?, "screenshot": file?}
// Chromium: $CHROMIUM, else /usr/bin/chromium. Never downloads a browser.
import { chromium } from 'playwright-core';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [page_file, plan_file] = process.argv.slice(2);
if (!page_file || !plan_file) {
  console.error('usage: node viewer.mjs PAGE.html PLAN.json');
  process.exit(2);
}
const plan = JSON.parse(readFileSync(plan_file, 'utf8'));
const html = readFileSync(page_file, 'utf8');
const url = pathToFileURL(page_file).href;

// The CSP must list the SHA-256 of the one executable inline script.
const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const csp = (html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/) || [])[1] || null;
const scriptHash = scripts.length === 1
  ? 'sha256-' + createHash('sha256').update(scripts[0], 'utf8').digest('base64')
  : null;

const report = {
  csp, scriptHash, executableScripts: scripts.length,
  dialogs: [], consoleErrors: [], pageErrors: [], requests: [],
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.on('dialog', async (d) => { report.dialogs.push(d.message()); await d.dismiss(); });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') { report.consoleErrors.push(m.text()); } });
  page.on('pageerror', (e) => report.pageErrors.push(String(e)));
  page.on('request', (r) => { if (r.url() !== url) { report.requests.push(r.url()); } });
  await page.addInitScript(() => {
    window.addEventListener('securitypolicyviolation', (e) => {
      (window.top.__cspViolations = window.top.__cspViolations || []).push(e.violatedDirective + ' ' + e.blockedURI);
    });
  });
  await page.goto(url);
  report.ready = await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 })
    .then(() => true, () => false);
  if (!report.ready) { throw new Error('the viewer did not start'); }

  report.summary = await page.textContent('#summary');
  report.nodes = await page.locator('.node').count();
  report.edges = await page.locator('.edge').count();
  report.dashed = await page.locator('.edge.dashed').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-edge'))));
  report.colours = await page.locator('.node').evaluateAll((els) => els.map((e) => e.querySelector('circle').getAttribute('fill')));
  report.dom = await page.evaluate(() => ({
    scripts: document.querySelectorAll('script').length,
    imgs: document.querySelectorAll('img').length,
    svgs: document.querySelectorAll('svg').length,
    bodyChildren: [...document.body.children].map((e) => e.tagName.toLowerCase()),
  }));
  // Label boxes on screen: how many pairs overlap, and the smallest label height.
  report.labels = await page.evaluate(() => {
    const boxes = [...document.querySelectorAll('.node text')].map((t) => t.getBoundingClientRect());
    let overlaps = 0;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) { overlaps++; }
      }
    }
    const stage = document.getElementById('stage').getBoundingClientRect();
    const outside = boxes.filter((b) => b.left < stage.left || b.right > stage.right || b.top < stage.top || b.bottom > stage.bottom).length;
    return { count: boxes.length, overlaps, outside, minHeight: Math.min(...boxes.map((b) => b.height)) };
  });

  if (plan.node !== undefined) {
    await page.locator(`.node[data-id="${plan.node}"] circle`).click();
    report.nodeCard = {
      node: await page.getAttribute('#card', 'data-node'),
      text: await page.innerText('#card'),
      selected: await page.locator('.node.selected').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))),
    };
  }

  if (plan.edge !== undefined) {
    // A point on the edge's line that is not covered by a node or another edge.
    const point = await page.evaluate((index) => {
      const g = document.querySelector(`.edge[data-edge="${index}"]`);
      const path = g.querySelector('.hit');
      const length = path.getTotalLength();
      const m = path.getScreenCTM();
      for (let i = 0; i <= 40; i++) {
        const p = path.getPointAtLength(length * (0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) / 50));
        const x = m.a * p.x + m.c * p.y + m.e, y = m.b * p.x + m.d * p.y + m.f;
        const hit = document.elementFromPoint(x, y);
        if (hit && hit.closest('.edge') === g) { return { x, y }; }
      }
      return null;
    }, plan.edge);
    report.edgePoint = point;
    if (point) {
      await page.mouse.click(point.x, point.y);
      report.edgeCard = { edge: await page.getAttribute('#card', 'data-edge'), text: await page.innerText('#card') };
    }
  }

  if (plan.search !== undefined) {
    await page.fill('#search', plan.search);
    report.searchResults = await page.locator('#search-results li').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    await page.press('#search', 'Enter');
    report.searchSelected = await page.locator('.node.selected').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    report.searchCard = await page.getAttribute('#card', 'data-node');
  }

  if (plan.path !== undefined) {
    await page.fill('#path-from', plan.path[0]);
    await page.fill('#path-to', plan.path[1]);
    await page.click('#path-go');
    report.path = {
      text: await page.innerText('#path-result'),
      hops: await page.locator('#path-result li.hop').evaluateAll((els) => els.map((e) => ({
        edge: Number(e.getAttribute('data-edge')), text: e.innerText,
      }))),
      edgesOnPath: await page.locator('.edge.on-path').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-edge')))),
      nodesOnPath: await page.locator('.node.on-path').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))),
    };
  }

  if (plan.screenshot) { await page.screenshot({ path: plan.screenshot }); }
  report.bodyText = await page.innerText('body');
  report.injected = await page.evaluate(() => ({
    xss: window.xss === undefined ? null : String(window.xss),
    __xss: window.__xss === undefined ? null : String(window.__xss),
    title: document.title,
  }));
  report.cspViolations = await page.evaluate(() => window.__cspViolations || []);
  report.dom.scriptsAfter = await page.evaluate(() => document.querySelectorAll('script').length);
  report.dom.imgsAfter = await page.evaluate(() => document.querySelectorAll('img').length);
} catch (err) {
  // Still report what was seen (errors, dialogs, CSP violations): the test shows it.
  report.failure = String(err);
  report.cspViolations = report.cspViolations || null;
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report) + '\n');
