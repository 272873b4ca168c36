#!/usr/bin/env node
/*
 * page.test.js - the page (build-web/site/index.html) in Debian's chromium, driven by
 * Playwright (playwright-core, no browser download): the corpus's files and the samples
 * checked in the page give the JSON report and verdict of the native `renkei check` on the
 * same inputs from the same directory (same rule IDs, positions, messages: byte for byte);
 * the office option, a ZIP and the English switch; a bundle made by the native `renkei evidence`
 * verifies, and fails with one byte changed, as a folder, as its files and as a ZIP; the page
 * from a local static server; and no request leaves the page (every request is recorded and
 * anything but file:, blob:, data: or the local server fails the test). Screenshots go to OUT_DIR.
 *
 *   node tests/web/page.test.js SITE_DIR NATIVE_RENKEI SOURCE_DIR OUT_DIR
 * Exit 0 pass, 1 fail, 77 chromium cannot start here (skipped).
 */
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const {spawnSync} = require('child_process');
const {chromium} = require('playwright-core');

const [siteDir, native, srcDir, outDir] = process.argv.slice(2).map((p) => p && path.resolve(p));
if (!outDir) {
  console.error('usage: page.test.js SITE_DIR NATIVE_RENKEI SOURCE_DIR OUT_DIR');
  process.exit(2);
}
fs.mkdirSync(outDir, {recursive: true});
let failures = 0, passes = 0;
function ok(cond, what) {
  if (cond) passes++;
  else { failures++; console.error('FAIL ' + what); }
}

function nativeCheck(cwd, args) {
  const r = spawnSync(native, ['check', '--format', 'json', ...args], {cwd, encoding: 'utf8', maxBuffer: 1 << 28});
  return {code: r.status, json: r.stdout};
}

/* Every request the page or its worker makes; local ones only are allowed through. */
const requests = [];
let localOrigin = null;
function isLocal(url) {
  return /^(file|blob|data):/.test(url) || (localOrigin && url.startsWith(localOrigin + '/'));
}

async function waitVerdict(page) {
  await page.waitForSelector('#verdict[data-status]', {timeout: 120000});
  return page.evaluate(() => ({
    status: document.getElementById('verdict').dataset.status,
    errors: document.getElementById('verdict').dataset.errors,
    code: window.renkeiLast.code,
    json: window.renkeiLast.json,
  }));
}

/* Checks files (paths relative to dir) picked with #files; compares with the native run. */
async function checkFiles(page, dir, names, what) {
  await page.evaluate(() => { delete document.getElementById('verdict').dataset.status; });
  await page.setInputFiles('#files', names.map((n) => path.join(dir, n)));
  const v = await waitVerdict(page);
  const n = nativeCheck(dir, names);
  ok(v.code === n.code, `${what}: exit code ${v.code}, native ${n.code}`);
  ok(v.json === n.json, `${what}: JSON report differs from the native one`);
  const errors = n.json ? JSON.parse(n.json).summary.errors : -1;
  ok(v.status === (errors ? 'errors' : 'conforms') && Number(v.errors) === errors,
     `${what}: verdict ${v.status}/${v.errors}, native ${errors} error(s)`);
  return v;
}

async function checkFolder(page, parent, name, office, what) {
  await page.selectOption('#office', office || '');
  await page.evaluate(() => { delete document.getElementById('verdict').dataset.status; });
  await page.setInputFiles('#folder', path.join(parent, name));
  const v = await waitVerdict(page);
  const n = nativeCheck(parent, [...(office ? ['--office', office] : []), name]);
  ok(v.code === n.code, `${what}: exit code ${v.code}, native ${n.code}`);
  ok(v.json === n.json, `${what}: JSON report differs from the native one`);
  return v;
}

async function verifyBundle(page, input, dirOrFiles, want, what) {
  await page.evaluate(() => { delete document.getElementById('verify-result').dataset.valid; });
  await page.setInputFiles(input, dirOrFiles);
  await page.waitForSelector('#verify-result[data-valid]', {timeout: 120000});
  const valid = await page.getAttribute('#verify-result', 'data-valid');
  ok(valid === want, `${what}: data-valid=${valid}, want ${want}`);
}

(async () => {
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.RENKEI_CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
             '--disable-component-update', '--disable-sync', '--no-first-run',
             '--allow-file-access-from-files'],
    });
  } catch (e) {
    console.log('page.test: SKIPPED: chromium cannot start here: ' + String(e.message).split('\n')[0]);
    process.exit(77);
  }
  const context = await browser.newContext({viewport: {width: 1200, height: 900}, acceptDownloads: true});
  context.on('request', (r) => requests.push(r.url()));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('worker', (w) => w.on('console', () => {}));
  page.on('pageerror', (e) => { failures++; console.error('FAIL page error: ' + e.message); });
  const started = Date.now();
  await page.goto('file://' + path.join(siteDir, 'index.html'));
  ok((await page.textContent('#tab-check')).includes('ファイル'), 'the page is in Japanese by default');

  /* The corpus, each file alone (as `renkei check FILE` from its directory). */
  const corpus = path.join(srcDir, 'corpus');
  let files = 0;
  const walk = async (dir) => {
    for (const e of fs.readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name < b.name ? -1 : 1)) {
      if (e.isDirectory()) {
        if (!['sets', 'roundtrip', 'tools'].includes(e.name)) await walk(path.join(dir, e.name));
      } else if (!/\.(expect|md|options|py)$/.test(e.name)) {
        await checkFiles(page, dir, [e.name], path.relative(srcDir, path.join(dir, e.name)));
        files++;
      }
    }
  };
  await walk(corpus);
  console.log(`page.test: ${files} corpus files checked in the page`);

  /* The samples: a conforming send and a broken export as folders, with the office type. */
  const samples = path.join(srcDir, 'samples');
  let v = await checkFolder(page, samples, 'send-ok', '', 'samples/send-ok');
  ok(v.status === 'conforms', 'samples/send-ok conforms in the page');
  await page.screenshot({path: path.join(outDir, 'check-conforms.png'), fullPage: true});
  v = await checkFolder(page, samples, 'broken-export', '', 'samples/broken-export');
  ok(v.status === 'errors' && Number(v.errors) > 0, 'samples/broken-export has errors in the page');
  const listed = await page.frameLocator('#report').locator('.finding').count();
  ok(listed === Number(v.errors) + JSON.parse(v.json).summary.warnings + JSON.parse(v.json).summary.infos,
     `the report lists every finding of broken-export (${listed})`);
  await page.screenshot({path: path.join(outDir, 'check-errors.png'), fullPage: true});
  await checkFolder(page, samples, 'send-ok', 'kyotaku', 'samples/send-ok --office kyotaku');
  await page.selectOption('#office', '');
  /* A ZIP of the broken export, as a vendor sends it: read by the library's inputs module. */
  const zipDir = path.join(outDir, 'zip');
  fs.rmSync(zipDir, {recursive: true, force: true});
  fs.mkdirSync(zipDir, {recursive: true});
  const zr = spawnSync('python3', ['-c', 'import sys, zipfile, os\n' +
    'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:\n' +
    '    for n in sorted(os.listdir(sys.argv[2])): z.write(os.path.join(sys.argv[2], n), "broken-export/" + n)',
    path.join(zipDir, 'export.zip'), path.join(samples, 'broken-export')]);
  ok(zr.status === 0, 'a ZIP of the broken export is written');
  v = await checkFiles(page, zipDir, ['export.zip'], 'a ZIP of samples/broken-export');
  ok(v.status === 'errors', 'the ZIP has errors in the page');

  /* English: the page's words and the report switch. */
  await page.evaluate(() => { delete document.getElementById('verdict').dataset.status; });
  await page.click('#lang-en');
  v = await waitVerdict(page);
  ok((await page.textContent('#tab-check')) === 'Check files', 'the English switch changes the page');
  /* The switch checks the last input again (the ZIP) for the JSON report in English. */
  const enNative = spawnSync(native, ['check', '--format', 'json', '--lang', 'en', 'export.zip'],
                             {cwd: zipDir, encoding: 'utf8'});
  ok(v.json === enNative.stdout, 'the English JSON report is the native one');
  await page.screenshot({path: path.join(outDir, 'check-english.png'), fullPage: true});
  await page.click('#lang-ja');
  await waitVerdict(page);

  /* A bundle made by the native CLI: valid; one byte changed: invalid. */
  const work = path.join(outDir, 'bundle-work');
  fs.rmSync(work, {recursive: true, force: true});
  fs.mkdirSync(work, {recursive: true});
  const run = (args) => spawnSync(native, args, {cwd: work, encoding: 'utf8'});
  const kg = run(['keygen', '--out', 'vendor']);
  const published = (kg.stdout.match(/SHA256:[0-9a-f]{64}/) || [''])[0];
  ok(published !== '', 'keygen prints the fingerprint: ' + kg.stdout);
  /* a full bundle (its copies of the inputs in inputs/: the page re-checks the verdicts); one
     without them (--without-inputs: every file at the top) is also given as its files */
  const evidence = (out, ...more) => run(['evidence', '--vendor', 'ACME', '--product', 'Plan',
    '--product-version', '2.1', '--office', 'kyotaku', '--key', 'vendor.key', '--out', out,
    ...more, path.join(samples, 'send-ok')]);
  const ev = evidence('bundle');
  ok(fs.existsSync(path.join(work, 'bundle', 'manifest.sig')) &&
     fs.existsSync(path.join(work, 'bundle', 'inputs')), 'the native CLI writes a bundle: ' + ev.stderr);
  const evFlat = evidence('flat', '--without-inputs');
  ok(fs.existsSync(path.join(work, 'flat', 'manifest.sig')), 'the native CLI writes a bundle without inputs: ' + evFlat.stderr);
  /* the re-check as `renkei verify` prints it (its "再検査: " line) is the page's */
  const recheckSaid = async (dir) => {
    const line = run(['verify', dir]).stdout.split('\n').find((l) => l.startsWith('再検査: '));
    const shown = await page.textContent('#verify-said td.recheck');
    ok(line && shown === line.slice('再検査: '.length),
       `the page says of the re-check of ${dir} what renkei verify says: ${shown} / ${line}`);
  };
  await page.click('#tab-verify');
  await verifyBundle(page, '#verify-folder', path.join(work, 'bundle'), 'true', 'the bundle (folder)');
  ok((await page.textContent('#verify-fingerprint')) === published,
     'the page shows the signer\'s fingerprint keygen printed');
  ok((await page.locator('.signer.unconfirmed').count()) === 1, 'without a key the signer is unconfirmed');
  /* What was verified: the page shows what `renkei verify --format json` says of the bundle. */
  const said = JSON.parse(run(['verify', '--format', 'json', 'bundle']).stdout);
  const saidText = await page.textContent('#verify-said');
  ok(said.vendor === 'ACME' && saidText.includes('ACME') && saidText.includes('Plan 2.1'),
     'the page names the vendor, product and version the bundle was signed for');
  ok(saidText.includes(said.office_type_ja), 'the page names the office type in Japanese: ' + said.office_type_ja);
  for (const v of said.verdicts)
    ok(saidText.includes(v.requirement) && saidText.includes(v.status_ja + ': ' + v.reason),
       'the page gives ' + v.requirement + ' as the CLI does: ' + v.status_ja);
  ok(said.rechecked === true && (await page.getAttribute('#verify-said', 'data-rechecked')) === 'true',
     'the page says the verdicts were re-checked, as the CLI does (' + said.rechecked + ')');
  await recheckSaid('bundle');
  /* the valid line counts the manifest's files and the input copies as `renkei verify` does */
  const validLine = await page.textContent('#verify-result');
  ok(said.copies > 0 && validLine.includes('ファイル ' + said.files + ' 件と入力の写し ' + said.copies + ' 件'),
     `the valid line counts ${said.files} file(s) and ${said.copies} copies as verify does: ${validLine}`);
  await page.screenshot({path: path.join(outDir, 'verify-valid.png'), fullPage: true});
  const names = fs.readdirSync(path.join(work, 'flat')).map((n) => path.join(work, 'flat', n));
  await page.setInputFiles('#pubkey', path.join(work, 'vendor.pub'));
  await verifyBundle(page, '#verify-files', names, 'true', 'a bundle without inputs (its files) with the vendor key');
  ok((await page.locator('.signer.ok').count()) === 1, 'with the vendor\'s key the signer is confirmed');
  ok((await page.getAttribute('#verify-said', 'data-rechecked')) === 'false',
     'the page says a bundle without inputs was not re-checked');
  await recheckSaid('flat');
  await page.setInputFiles('#pubkey', []);
  fs.cpSync(path.join(work, 'bundle'), path.join(work, 'changed'), {recursive: true});
  const rj = path.join(work, 'changed', 'report.json');
  const b = fs.readFileSync(rj);
  b[b.length - 3] ^= 0x01;
  fs.writeFileSync(rj, b);
  await verifyBundle(page, '#verify-folder', path.join(work, 'changed'), 'false', 'the bundle with one byte changed');
  ok((await page.locator('#verify-problems li').count()) > 0, 'the changed bundle\'s problems are listed');
  ok(await page.isHidden('#verify-said'), 'nothing the changed bundle says is shown as verified');
  await page.screenshot({path: path.join(outDir, 'verify-invalid.png'), fullPage: true});

  /* A ZIP of the bundle, as it arrives by mail (the folder zipped whole): valid; the same ZIP
     with one byte of report.json changed (stored, so the byte is the file's): invalid, the
     problems as `renkei verify` lists them. */
  const zipBundle = (out, method, flip) => spawnSync('python3', ['-c', 'import os, sys, zipfile\n' +
    'out, method, flip = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"\n' +
    'names = sorted(os.path.relpath(os.path.join(d, n), "bundle") for d, _, ns in os.walk("bundle") for n in ns)\n' +
    'with zipfile.ZipFile(out, "w", method) as z:\n' +
    '    for n in names:\n' +
    '        b = bytearray(open(os.path.join("bundle", n), "rb").read())\n' +
    '        if flip and n == "report.json": b[len(b) - 3] ^= 1\n' +
    '        z.writestr("bundle/" + n, bytes(b))', out, String(method), flip ? '1' : '0'], {cwd: work});
  ok(zipBundle('bundle.zip', 8, false).status === 0 && zipBundle('changed.zip', 0, true).status === 0,
     'the bundle is zipped');
  await verifyBundle(page, '#verify-files', path.join(work, 'bundle.zip'), 'true', 'a ZIP of the bundle');
  ok((await page.textContent('#verify-fingerprint')) === published,
     'the page shows the signer\'s fingerprint from the ZIP');
  ok((await page.textContent('#verify-said')).includes('ACME'), 'the page shows what the ZIP\'s bundle says');
  ok((await page.getAttribute('#verify-said', 'data-rechecked')) === 'true',
     'the page re-checks the verdicts from the copies in the ZIP');
  await page.screenshot({path: path.join(outDir, 'verify-zip-valid.png'), fullPage: true});
  await verifyBundle(page, '#verify-files', path.join(work, 'changed.zip'), 'false',
                     'a ZIP of the bundle with one byte changed');
  const nz = JSON.parse(run(['verify', '--format', 'json', 'changed.zip']).stdout);
  const listedZip = await page.$$eval('#verify-problems li', (l) => l.map((e) => e.textContent));
  ok(nz.problems.length > 0 && listedZip.length === nz.problems.length &&
     nz.problems.every((p, i) => listedZip[i] === p.path + ': ' + p.message + ' [' + p.rule + ']'),
     'the changed ZIP\'s problems are listed as renkei verify lists them: ' + listedZip.join(' | '));
  ok(await page.isHidden('#verify-said'), 'nothing the changed ZIP says is shown as verified');
  await page.screenshot({path: path.join(outDir, 'verify-zip-invalid.png'), fullPage: true});

  /* The same page from a local static server. */
  const types = {'.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css'};
  const server = http.createServer((req, res) => {
    const p = path.join(siteDir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!p.startsWith(siteDir) || !fs.existsSync(p) || fs.statSync(p).isDirectory()) {
      res.writeHead(404); res.end(); return;
    }
    res.writeHead(200, {'Content-Type': types[path.extname(p)] || 'application/octet-stream'});
    fs.createReadStream(p).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  localOrigin = 'http://127.0.0.1:' + server.address().port;
  const page2 = await context.newPage();
  await page2.goto(localOrigin + '/index.html');
  await checkFolder(page2, samples, 'broken-export', '', 'from a local server: samples/broken-export');
  server.close();

  const foreign = requests.filter((u) => !isLocal(u));
  ok(foreign.length === 0, 'no request leaves the page: ' + foreign.join(' '));
  await browser.close();
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`page.test: ${passes} passed, ${failures} failed; ${requests.length} local requests, none elsewhere (${secs} s)`);
  process.exit(failures ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
