// The web app in a real browser (Debian's chromium, headless, driven by playwright-core):
// search 苏建设 with the type-ahead → the entity page → an article with the mention
// highlighted → the graph page, whose SVG must hold 苏建设 and 二七区; then an edge page.
// Saves a screenshot of each page; exits 1 when an element is missing, a script fails or
// the Content-Security-Policy blocks anything.
// Usage: node scripts/browser-test.mjs BASE_URL [SCREENSHOT_DIR]
//   (playwright-core from $NEWSGRAPH_NODE_MODULES, chromium from $CHROMIUM or /usr/bin/chromium)
import { createRequire } from 'module';
import { mkdirSync } from 'fs';
import { join } from 'path';

const require = createRequire(join(process.env.NEWSGRAPH_NODE_MODULES || process.cwd(), 'x.js'));
const { chromium } = require('playwright-core');

const base = (process.argv[2] || 'http://127.0.0.1:8080').replace(/\/$/, '');
const shots = process.argv[3] || 'target/screenshots';
mkdirSync(shots, { recursive: true });

const problems = [];
const fail = (msg) => { problems.push(msg); console.error(`browser test: FAIL ${msg}`); };
const ok = (msg) => console.log(`browser test: ok   ${msg}`);

async function expect(page, selector, what, timeout = 5000) {
  try {
    await page.locator(selector).first().waitFor({ state: 'attached', timeout });
    ok(what);
    return true;
  } catch {
    fail(`${what}: no element ${selector} on ${page.url()}`);
    return false;
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (e) => fail(`script error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') fail(`console error: ${m.text()}`);
  });

  // Search, with the type-ahead.
  await page.goto(`${base}/`);
  await page.locator('#q').pressSequentially('苏建', { delay: 60 });
  await expect(page, '#suggest a[href="/entity/official%3A%E8%8B%8F%E5%BB%BA%E8%AE%BE"]', 'type-ahead lists 苏建设');
  await page.screenshot({ path: join(shots, 'typeahead.png') });
  await page.locator('#q').fill('苏建设');
  await Promise.all([page.waitForURL(/\/search\?q=/), page.locator('header form.search button').click()]);
  await expect(page, '#results a.ent.t-official', 'search results list 苏建设');
  await page.screenshot({ path: join(shots, 'search.png'), fullPage: true });

  // Entity page.
  await Promise.all([page.waitForURL(/\/entity\//), page.locator('#results a.ent', { hasText: '苏建设' }).first().click()]);
  await expect(page, '#card h1', 'entity card');
  const h1 = (await page.locator('#card h1').textContent()) || '';
  if (!h1.includes('苏建设')) fail(`entity page is not 苏建设's: ${h1}`);
  await expect(page, '#articles ol.hits li a.title', 'related articles');
  await expect(page, '#neighbours a.evidence', 'neighbours with evidence links');
  await expect(page, '#timeline', 'mentions by month');
  await page.screenshot({ path: join(shots, 'entity.png'), fullPage: true });
  const entityUrl = page.url();

  // An article with the mention highlighted.
  await Promise.all([page.waitForURL(/\/article\//), page.locator('#articles a.title').first().click()]);
  const mention = 'a.m.t-official.focus[data-entity="official:苏建设"][href="/entity/official%3A%E8%8B%8F%E5%BB%BA%E8%AE%BE"]';
  if (await expect(page, mention, 'article marks the mention of 苏建设')) {
    const bg = await page.locator(mention).first().evaluate((e) => getComputedStyle(e).backgroundColor);
    if (!bg || bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent') fail(`the mention is not highlighted (background ${bg})`);
    else ok(`the mention is highlighted (${bg})`);
  }
  await expect(page, '#text a.m.t-district', 'other mentions marked too');
  await page.screenshot({ path: join(shots, 'article.png'), fullPage: true });

  // The graph.
  await page.goto(entityUrl);
  await Promise.all([page.waitForURL(/\/graph\//), page.locator('#graph-link').click()]);
  await expect(page, 'svg#graph a.node.center[data-id="official:苏建设"] circle', 'graph has 苏建设 at its centre');
  await expect(page, 'svg#graph a.node[data-id="district:二七区"] circle', 'graph has the neighbour 二七区');
  await expect(page, 'svg#graph line.edge', 'graph has edges');
  const zoomable = await page.locator('.zoom').isVisible();
  if (!zoomable) fail('zoom buttons not shown (graph.js did not run)');
  const before = await page.locator('svg#graph').getAttribute('viewBox');
  await page.locator('.zoom button[data-zoom="in"]').click();
  const after = await page.locator('svg#graph').getAttribute('viewBox');
  if (before === after) fail('zoom did not change the view');
  else ok(`zoom works (${before} → ${after})`);
  await page.locator('.zoom button[data-zoom="reset"]').click();
  await page.screenshot({ path: join(shots, 'graph.png'), fullPage: true });

  // A node click leads to its entity page.
  await Promise.all([page.waitForURL(/\/entity\/district/), page.locator('svg#graph a.node[data-id="district:二七区"] circle').click()]);
  ok('a node click opens its entity page');

  // An edge's evidence.
  await page.goto(`${base}/edge?a=${encodeURIComponent('苏建设')}&b=${encodeURIComponent('王波')}`);
  await expect(page, '#evidence blockquote.sentence a.m', 'edge page shows marked sentences');
  await page.screenshot({ path: join(shots, 'edge.png'), fullPage: true });
} finally {
  await browser.close();
}

if (problems.length) {
  console.error(`browser test: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`browser test: all checks passed; screenshots in ${shots}`);
