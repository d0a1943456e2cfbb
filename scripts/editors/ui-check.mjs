// The UI check of the editor tier: in code-server, with the packaged extension installed, it opens the
// fixture note in headless Chromium, hovers a term with the mouse and asserts the visible hover text.
// With `all: true` (scripts/screenshots.mjs) it also opens the completion list and the quick-fix menu
// and asserts what they show. Screenshots (1280×720 viewport, cropped to the editor area) go to `outDir`.
// The callbacks passed to `page.evaluate` run in the browser page, hence the DOM types:
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { join } from 'node:path';
import { launchBrowser } from './code-server.mjs';

const NOTE = 'research-note.md';
/** The start of the Heston Model definition in the bundled glossary: what the hover must show. */
const HESTON_DEFINITION = 'Stochastic model assuming variance mean-reverts';

/** @typedef {import('playwright-core').Page} Page */

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a truthy value; throws `message` after `timeoutMs`.
 * @template T
 * @param {string} message
 * @param {() => T | Promise<T>} probe
 * @param {number} [timeoutMs]
 * @returns {Promise<Exclude<T, false | '' | 0 | null | undefined>>} the truthy value
 */
async function until(message, probe, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return /** @type {Exclude<T, false | '' | 0 | null | undefined>} */ (value);
    if (Date.now() > deadline) throw new Error(`UI check: ${message} (waited ${timeoutMs / 1000} s)`);
    await sleep(200);
  }
}

/**
 * Screen coordinates of the middle of the `nth` occurrence of `needle` in the active editor, or null.
 * @param {Page} page
 * @param {string} needle
 * @param {number} [nth]
 * @returns {Promise<{ x: number, y: number } | null>}
 */
function wordPosition(page, needle, nth = 0) {
  return page.evaluate(([needle, nth]) => {
    const lines = [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')];
    // Lines are rendered out of order; sort them by their vertical position.
    lines.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    let count = 0;
    for (const line of lines) {
      const text = (line.textContent ?? '').replace(/\u00a0/g, ' ');
      for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
        if (count++ < nth) continue;
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        let offset = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const length = (node.textContent ?? '').length;
          if (offset + length > at + 2) {
            const range = document.createRange();
            range.setStart(node, at + 2 - offset);
            range.setEnd(node, at + 3 - offset);
            const box = range.getBoundingClientRect();
            return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
          }
          offset += length;
        }
      }
    }
    return null;
  }, /** @type {[string, number]} */ ([needle, nth]));
}

/**
 * Saves a screenshot of the editor area, with the panel below it if `withPanel` (and a margin for widgets at the edges).
 * @param {Page} page
 * @param {string} file
 * @param {boolean} [withPanel]
 * @returns {Promise<string>} `file`
 */
async function editorShot(page, file, withPanel = false) {
  const boxes = [await page.locator('.part.editor').boundingBox()];
  if (withPanel) boxes.push(await page.locator('.part.panel').boundingBox());
  const viewport = page.viewportSize();
  let clip;
  if (viewport && boxes.every((b) => b !== null)) {
    const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - 4);
    const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - 4);
    const right = Math.min(viewport.width, Math.max(...boxes.map((b) => b.x + b.width)) + 4);
    const bottom = Math.min(viewport.height, Math.max(...boxes.map((b) => b.y + b.height)) + 4);
    clip = { x, y, width: right - x, height: bottom - y };
  }
  await page.screenshot({ path: file, clip });
  return file;
}

/**
 * The visible text of the active editor, with the non-breaking spaces Monaco renders as plain spaces.
 * @param {Page} page
 */
async function editorText(page) {
  const text = await page
    .locator('.editor-instance .view-lines')
    .first()
    .innerText()
    .catch(() => '');
  return text.replace(/\u00a0/g, ' ');
}

/**
 * Opens a file with Quick Open and waits until its text is rendered.
 * @param {Page} page
 * @param {string} name
 * @param {string} expectedText
 */
async function openFile(page, name, expectedText) {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 20_000 });
  await page.keyboard.type(name, { delay: 20 });
  await until(`Quick Open to list ${name}`, async () =>
    (await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts()).some((t) => t.includes(name)),
  );
  await page.keyboard.press('Enter');
  await until(`${name} to open`, async () => (await editorText(page)).includes(expectedText));
}

/**
 * The text of the visible hover, or ''.
 * @param {Page} page
 */
async function visibleHover(page) {
  const hover = page.locator('.monaco-hover:not(.hidden)');
  return (await hover.count()) > 0 ? await hover.first().innerText() : '';
}

/**
 * Runs the UI check against a started code-server session.
 * @param {{ url: (folder: string) => string }} session
 * @param {{ workspace: string, profileDir: string, outDir: string, all?: boolean, log?: (line: string) => void }} options
 * @returns {Promise<string[]>} the screenshots written
 */
export async function uiCheck(session, { workspace, profileDir, outDir, all = false, log = console.log }) {
  const context = await launchBrowser(profileDir);
  /** @type {string[]} */
  const shots = [];
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await page.goto(session.url(workspace));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // Hide the side bar (Explorer), so the editor gets the width.
    await page
      .locator('.part.sidebar')
      .waitFor({ state: 'visible', timeout: 10_000 })
      .then(
        () => page.keyboard.press('Control+B'),
        () => undefined,
      );
    await openFile(page, NOTE, 'Heston Model');
    await until(
      'the termlens status bar item to show the glossary',
      async () => (await page.locator('.statusbar-item').allInnerTexts()).some((t) => /\d+ terms/.test(t)),
      30_000,
    );
    await until("squiggles under the note's findings", async () => (await page.locator('.editor-instance .squiggly-warning').count()) > 0);

    // Hover "Heston Model" with the mouse; re-enter the word now and then in case the first move came too early.
    const hover = await until(
      'a hover with the Heston Model definition',
      async () => {
        await page.mouse.move(5, 5);
        const at = await wordPosition(page, 'Heston Model');
        if (!at) return '';
        await page.mouse.move(at.x, at.y, { steps: 3 });
        for (let i = 0; i < 15; i++) {
          await sleep(200);
          const text = await visibleHover(page);
          if (text.includes(HESTON_DEFINITION)) return text;
        }
        return '';
      },
      30_000,
    );
    log(
      `  ok   hover shows: ${hover
        .split('\n')
        .filter((line) => line.trim())
        .slice(0, 2)
        .join(' | ')}`,
    );
    shots.push(await editorShot(page, join(outDir, 'hover.png')));
    if (!all) return shots;

    // Completion: a new line at the end of the note, the prefix typed, the list opened with Ctrl+Space.
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    await page.locator('.editor-instance .view-lines').first().click();
    const original = await editorText(page);
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('We price it with black sch', { delay: 30 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Space');
    const rows = await until('the completion list with Black-Scholes terms', async () => {
      const labels = await page.locator('.editor-widget.suggest-widget.visible .monaco-list-row .label-name').allInnerTexts();
      return labels.some((l) => l.startsWith('Black-Scholes')) && labels;
    });
    // A second Ctrl+Space opens the details of the selected item (its definition).
    await page.keyboard.press('Control+Space');
    await until(
      'the completion details',
      async () =>
        (
          await page
            .locator('.suggest-details-container .suggest-details')
            .first()
            .innerText()
            .catch(() => '')
        ).length > 0,
    );
    await sleep(400);
    log(`  ok   completion lists: ${rows.slice(0, 4).join(', ')}`);
    shots.push(await editorShot(page, join(outDir, 'completion.png')));
    await page.keyboard.press('Escape');
    await until('the typed lines to be undone', async () => {
      await page.keyboard.press('Control+Z');
      return (await editorText(page)) === original;
    });

    // Problems panel open below the editor, so the screenshot shows the diagnostic with the menu.
    await page.keyboard.press('Control+Shift+M');
    await until('the Problems panel to list the misspelling', async () =>
      (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).some((t) => t.includes('Hesten Model')),
    );

    // Quick fix: the cursor on the misspelled "Hesten Model", then Ctrl+. for the quick-fix menu.
    const misspelled = await until('the misspelled term on screen', () => wordPosition(page, 'Hesten Model'));
    await page.mouse.click(misspelled.x, misspelled.y);
    await page.mouse.move(5, 5);
    await page.keyboard.press('Control+.');
    const actions = await until('the quick-fix menu with the replacement', async () => {
      const items = await page.locator('.action-widget .monaco-list-row').allInnerTexts();
      return items.some((t) => t.includes('Replace with "Heston Model"')) && items;
    });
    await sleep(400);
    log(`  ok   quick fixes: ${actions.join(', ')}`);
    shots.push(await editorShot(page, join(outDir, 'quickfix.png'), true));
    await page.keyboard.press('Escape');
    return shots;
  } catch (error) {
    await page.screenshot({ path: join(outDir, 'failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await context.close().catch(() => undefined);
  }
}
