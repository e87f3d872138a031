// Opens the playground page of a running `fabrica serve` in headless Chromium and uses it as a person would:
// chats with a text model (streamed reply) and generates images with a prompt.
//   node playground.mjs BASE_URL API_KEY SCREENSHOT.png
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const [base, key, shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1100 } });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(base + '/');
  await page.fill('#key', key);
  await page.evaluate(() => loadModels());
  await page.waitForFunction(() => document.querySelectorAll('#chat-model option').length > 0
    && document.querySelectorAll('#img-model option').length > 0);
  await page.fill('#chat-input', '明月');
  await page.fill('#chat-max', '20');
  await page.click('#chat-send');
  await page.waitForFunction(() => document.querySelector('#chat-status').textContent === ''
    && document.querySelectorAll('#chat-log .assistant').length === 1, null, { timeout: 30000 })
    .catch(async e => {
      throw new Error(`no chat reply: status '${await page.textContent('#chat-status')}', log '${await page.textContent('#chat-log')}', page errors ${errors}`);
    });
  const reply = await page.textContent('#chat-log .assistant');
  assert.ok(reply.startsWith('model: ') && reply.length > 'model: '.length, `reply '${reply}'`);
  await page.fill('#img-prompt', 'an ankle boot');
  await page.click('#img-send');
  await page.waitForFunction(() => document.querySelectorAll('#images img').length === 4
    && [...document.querySelectorAll('#images img')].every(i => i.complete && i.naturalWidth === 256));
  const note = await page.textContent('#img-note');
  assert.equal(note, 'Ankle boot');
  if (shot) await page.screenshot({ path: shot, fullPage: true });
  assert.deepEqual(errors, []);
  console.log('playground: chat reply and 4 images shown');
} finally {
  await browser.close();
}
