import t from 'tap';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import { API_VERSIONS, specDocument, type ApiVersion } from '../../src/api/specs.ts';
import { freshDatabase, testConfig } from '../helpers/app.ts';

// The docs pages in a real browser: Chromium from the system packages, driven by playwright-core
// (no browser download). A machine without /usr/bin/chromium skips this file.
const CHROMIUM = '/usr/bin/chromium';
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

if (!existsSync(CHROMIUM)) {
  t.plan(0, `${CHROMIUM} is not installed (apt-get install chromium) so the docs pages are not loaded in a browser`);
} else {
  t.setTimeout(240_000);
  const database = await freshDatabase(t, { referenceData: false });
  const app = await buildApp({ config: testConfig(), database });
  t.teardown(() => app.close());
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const origin = new URL(base).origin;

  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], timeout: 30_000 });
  t.teardown(() => browser.close());
  const context = await browser.newContext();
  context.setDefaultTimeout(30_000);

  const requested: string[] = [];
  const problems: string[] = [];
  context.on('request', (request) => requested.push(request.url()));
  const watched = async (): Promise<Page> => {
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // The one refusal expected is the 401 "Try it out" gets without a token.
      if (message.type() === 'error' && !message.text().includes('401 (Unauthorized)')) problems.push(`console error: ${message.text()}`);
    });
    return page;
  };

  const operationsOf = (version: ApiVersion) => {
    const doc = specDocument(version) as { paths: Record<string, Record<string, { deprecated?: boolean }>> };
    return Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).filter(([method]) => METHODS.includes(method)).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, deprecated: operation.deprecated === true })),
    );
  };

  /** Waits until Swagger UI has rendered every operation (not its loading spinner) and returns what it lists. */
  const renderedOperations = async (page: Page, expected: number) => {
    await page.waitForFunction((count) => document.querySelectorAll('#swagger-ui .opblock').length >= count, expected);
    return page.$$eval('#swagger-ui .opblock', (blocks) =>
      blocks.map((block) => ({
        key: `${block.querySelector('.opblock-summary-method')?.textContent?.trim()} ${block.querySelector('.opblock-summary [data-path]')?.getAttribute('data-path')}`,
        deprecated: block.classList.contains('opblock-deprecated'),
      })),
    );
  };

  for (const version of API_VERSIONS) {
    await t.test(`the ${version} docs page`, async (t) => {
      const page = await watched();
      t.teardown(() => page.close());
      await page.goto(`${base}/api-reference/${version}/`);
      t.match(await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'), /^default-src 'self'; script-src 'self';/, 'the page may load only its own files');
      const expected = operationsOf(version);
      const listed = await renderedOperations(page, expected.length);
      t.equal(await page.title(), `Lead Provider API ${version} reference`, 'titled as this API and version');
      t.same(listed.map(({ key }) => key).sort(), expected.map(({ key }) => key).sort(), `lists each of the ${expected.length} operations of the ${version} spec`);
      t.same(
        listed.filter(({ deprecated }) => deprecated).map(({ key }) => key).sort(),
        expected.filter(({ deprecated }) => deprecated).map(({ key }) => key).sort(),
        'shows exactly the deprecated operations as deprecated',
      );
      t.equal(await page.locator('#swagger-ui .loading-container').count(), 0, 'no spinner left');
      t.equal(await page.$eval('#swagger-ui .topbar img', (img) => (img as HTMLImageElement).src.startsWith('data:image/svg+xml')), true, 'our logo, not Swagger\'s');
      t.equal(await page.$eval('.servers select', (select) => (select as HTMLSelectElement).value), origin, '"Try it out" targets this instance');
      t.match(await page.textContent('.lp-lifecycle'), new RegExp(`^API ${version} is`), 'says the version\'s state');

      const others = API_VERSIONS.filter((candidate) => candidate !== version);
      for (const other of others) {
        t.equal(await page.getAttribute(`.lp-versions a[data-version="${other}"]`, 'href'), `/api-reference/${other}/`, `the switcher links ${other}`);
      }
      // Following one link per page (the next version, round the cycle) follows every link kind once across the three pages.
      const next = API_VERSIONS[(API_VERSIONS.indexOf(version) + 1) % API_VERSIONS.length]!;
      await page.click(`.lp-versions a[data-version="${next}"]`);
      await page.waitForFunction((title) => document.title === title, `Lead Provider API ${next} reference`);
      await renderedOperations(page, operationsOf(next).length);
      t.equal(await page.getAttribute(`.lp-versions a[data-version="${next}"]`, 'aria-current'), 'page', `the switcher reaches ${next}`);
    });
  }

  await t.test('"Try it out" calls this instance', async (t) => {
    const page = await watched();
    t.teardown(() => page.close());
    await page.goto(`${base}/api-reference/v3/#/`);
    await renderedOperations(page, operationsOf('v3').length);
    const block = page.locator('#swagger-ui .opblock', { has: page.locator('.opblock-summary [data-path="/api/v3/statements"]') }).first();
    await block.locator('.opblock-summary-control').click();
    await block.locator('button.try-out__btn').click();
    const answered = page.waitForResponse((response) => response.url().startsWith(`${origin}/api/v3/statements`));
    await block.locator('button.execute').click();
    t.equal((await answered).status(), 401, 'the request reached this server (and, with no token, was refused)');
  });

  await t.test('a deprecated version is marked on its page and in the switcher', async (t) => {
    const deprecating = await buildApp({ config: testConfig({ API_VERSION_LIFECYCLE: 'v1=deprecated:2026-12-01:2027-07-31,v2=retired' }), database });
    t.teardown(() => deprecating.close());
    const address = await deprecating.listen({ host: '127.0.0.1', port: 0 });
    const page = await watched();
    t.teardown(() => page.close());
    await page.goto(`${address}/api-reference/v1/`);
    await renderedOperations(page, operationsOf('v1').length);
    t.equal(await page.textContent('.lp-lifecycle'), 'API v1 is deprecated and will be retired on 2027-07-31; move to v3. Every response announces it in Warning, Deprecation and Sunset headers.');
    t.equal(await page.locator('#swagger-ui .opblock-deprecated').count(), operationsOf('v1').length, 'every operation of the deprecated version is marked deprecated');
    t.same(await page.$$eval('.lp-versions a', (links) => links.map((link) => link.textContent)), ['v1 (deprecated, retires 2027-07-31)', 'v2 (retired)', 'v3 (current)'], 'the switcher labels each version\'s state');
  });

  await t.test('no request left 127.0.0.1', async (t) => {
    const external = requested.filter((url) => !url.startsWith('http://127.0.0.1:') && !url.startsWith('data:'));
    t.ok(requested.length > 10, `${requested.length} requests seen`);
    t.same(external, [], 'every asset came from this instance');
    t.same(problems, [], 'no script errors or content-policy violations');
  });
}
