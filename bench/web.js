#!/usr/bin/env node
/*
 * web.js - the page against the native CLI, in one run: a file checked in the page (headless
 * chromium from file://, picked with #files, timed from the pick to #verdict) and with
 * `renkei check --no-set FILE` (wall time), median of RUNS each; then the WebAssembly memory the
 * check needed (the module's linear memory after it, which never shrinks) for each file given,
 * to show it does not grow with the input. Figures for people to read: nothing is asserted.
 *
 *   node bench/web.js SITE_DIR NATIVE_RENKEI RUNS FILE...
 * (bench/run-web.sh builds what it needs and passes the 10 MB and 200 MB files.)
 */
'use strict';
const path = require('path');
const {spawnSync} = require('child_process');
const {chromium} = require(path.join(__dirname, '..', 'tests', 'web', 'node_modules', 'playwright-core'));

const [siteDir, native, runsArg, ...files] = process.argv.slice(2);
const runs = Number(runsArg) || 3;
const median = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.RENKEI_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage();
  await page.goto('file://' + path.resolve(siteDir, 'index.html'));
  console.log('file                                  MB  native s    page s  page/native  wasm memory MB');
  for (const f of files) {
    const nat = [], web = [];
    let memory = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      spawnSync(native, ['check', '--no-set', f], {stdio: 'ignore'});
      nat.push(Number(process.hrtime.bigint() - t0) / 1e9);
      await page.evaluate(() => { delete document.getElementById('verdict').dataset.status; });
      await page.setInputFiles('#files', []); /* the same file again fires no change otherwise */
      const t1 = process.hrtime.bigint();
      await page.setInputFiles('#files', f);
      await page.waitForSelector('#verdict[data-status]', {timeout: 600000});
      web.push(Number(process.hrtime.bigint() - t1) / 1e9);
      memory = await page.evaluate(() => window.renkeiLast.memory || 0);
    }
    const mb = require('fs').statSync(f).size / 1048576;
    const n = median(nat), w = median(web);
    console.log(`${path.basename(path.dirname(f)).padEnd(34)} ${mb.toFixed(0).padStart(5)} ${n.toFixed(2).padStart(9)} ${w.toFixed(2).padStart(9)} ${(w / n).toFixed(2).padStart(12)} ${(memory / 1048576).toFixed(0).padStart(15)}`);
  }
  await browser.close();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
