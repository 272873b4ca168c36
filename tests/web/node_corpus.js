#!/usr/bin/env node
/*
 * node_corpus.js - the WebAssembly module the page runs (renkei-web.js), under node, on the
 * whole corpus and the samples: each file alone, each set directory and each sample export
 * whole, checked by rkw_check; the JSON report and the exit code must be those of the native
 * `renkei check --format json` on the same input from the same directory, byte for byte but
 * for the tool's build fields. English reports are compared too, for a sample of inputs. Then
 * a bundle written by the native `renkei evidence` is verified by rkw_verify: valid with its
 * own key and with the vendor's, invalid with one byte changed, as `renkei verify` says; the
 * same from a ZIP of it (the folder zipped whole; the changed bundle's files).
 *
 *   node tests/web/node_corpus.js RENKEI_WEB_JS NATIVE_RENKEI SOURCE_DIR WORK_DIR
 */
'use strict';
const fs = require('fs');
const path = require('path');
const {spawnSync} = require('child_process');

const [webJs, nativeArg, srcDir, workDir] = process.argv.slice(2);
const native = nativeArg && path.resolve(nativeArg);
if (!workDir) {
  console.error('usage: node_corpus.js RENKEI_WEB_JS NATIVE_RENKEI SOURCE_DIR WORK_DIR');
  process.exit(2);
}
const root = path.resolve(srcDir);

/* The cases: [directory, name, office, direction], name a file or a directory inside it. */
function cases() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name < b.name ? -1 : 1)) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (path.basename(dir) === 'sets' || path.basename(dir) === 'roundtrip')
          out.push([dir, e.name]);
        else
          walk(p);
      } else if (!/\.(expect|md|options|py)$/.test(e.name)) {
        out.push([dir, e.name]);
      }
    }
  };
  walk(path.join(root, 'corpus'));
  const samples = path.join(root, 'samples');
  out.push([samples, 'send-ok'], [samples, 'broken-export'], [samples, 'send-ok', 'kyotaku'],
           [samples, 'broken-export', 'kyotaku', 'import']);
  return out;
}

/* The tool's build fields: none yet beyond name and version, which must agree. */
function comparable(json) {
  return json;
}

(async () => {
  const createRenkei = require(path.resolve(webJs));
  const M = await createRenkei({print: () => {}, printErr: (s) => console.error(s)});
  M.FS.mkdir('/src');
  M.FS.mount(M.FS.filesystems.NODEFS, {root}, '/src');
  M.FS.mkdir('/out');
  const all = cases();
  let failed = 0, n = 0;
  const started = Date.now();
  for (const [dir, name, office, direction] of all) {
    for (const lang of n % 7 === 0 ? ['ja', 'en'] : ['ja']) {
      n++;
      const rel = path.relative(root, dir);
      M.FS.chdir('/src/' + rel);
      const code = M.ccall('rkw_check', 'number',
        ['string', 'string', 'string', 'number', 'number', 'string', 'string', 'string'],
        [name, office || '', direction || '', 0, lang === 'en' ? 1 : 0, '/out/ja.html',
         '/out/en.html', '/out/r.json']);
      let wasmJson = '';
      try { wasmJson = M.FS.readFile('/out/r.json', {encoding: 'utf8'}); } catch (e) { /* exit 3 */ }
      try { M.FS.unlink('/out/r.json'); } catch (e) { /* none */ }
      const opts = [...(office ? ['--office', office] : []), ...(direction ? ['--direction', direction] : [])];
      const r = spawnSync(native, ['check', '--format', 'json', '--lang', lang, ...opts, name],
                          {cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28});
      const what = `${rel}/${name} ${opts.join(' ')} (${lang})`;
      if (r.status !== code) {
        console.error(`FAIL ${what}: exit code ${code}, native ${r.status}`);
        failed++;
      } else if (comparable(wasmJson) !== comparable(r.stdout)) {
        console.error(`FAIL ${what}: the JSON reports differ`);
        const a = wasmJson.split('\n'), b = r.stdout.split('\n');
        for (let i = 0; i < Math.max(a.length, b.length); i++) {
          if (a[i] !== b[i]) {
            console.error(`  line ${i + 1}\n  wasm:   ${a[i]}\n  native: ${b[i]}`);
            break;
          }
        }
        failed++;
      }
      let html = '';
      try { html = M.FS.readFile('/out/ja.html', {encoding: 'utf8'}); } catch (e) { /* none */ }
      if (code !== 3 && !html.startsWith('<!DOCTYPE html>')) {
        console.error(`FAIL ${what}: no HTML report`);
        failed++;
      }
    }
  }
  M.FS.chdir('/');

  /* A bundle from the native CLI, verified by the module. */
  const work = path.resolve(workDir);
  fs.rmSync(work, {recursive: true, force: true});
  fs.mkdirSync(work, {recursive: true});
  const run = (args) => spawnSync(native, args, {cwd: work, encoding: 'utf8'});
  run(['keygen', '--out', 'vendor']);
  const ev = run(['evidence', '--vendor', 'ACME', '--product', 'Plan', '--product-version', '2.1',
                  '--office', 'kyotaku', '--key', 'vendor.key', '--out', 'bundle',
                  path.join(root, 'samples', 'send-ok')]);
  if (!fs.existsSync(path.join(work, 'bundle', 'manifest.sig'))) { /* exit 1: written, with errors */
    console.error(`FAIL the native CLI did not write a bundle (exit ${ev.status}): ${ev.stderr}`);
    failed++;
  }
  fs.cpSync(path.join(work, 'bundle'), path.join(work, 'changed'), {recursive: true});
  const rj = path.join(work, 'changed', 'report.json');
  const b = fs.readFileSync(rj);
  b[b.length - 3] ^= 1;
  fs.writeFileSync(rj, b);
  /* the same two as ZIPs: the bundle's folder zipped whole, the changed bundle's files */
  const zr = spawnSync('python3', ['-c', 'import os, sys, zipfile\n' +
    'for out, top, folder in (("bundle.zip", "bundle", "bundle/"), ("changed.zip", "changed", "")):\n' +
    '    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:\n' +
    '        names = sorted(os.path.relpath(os.path.join(d, n), top) for d, _, ns in os.walk(top) for n in ns)\n' +
    '        for n in names: z.write(os.path.join(top, n), folder + n)'], {cwd: work});
  if (zr.status !== 0) {
    console.error('FAIL the bundle could not be zipped: ' + zr.stderr);
    failed++;
  }
  M.FS.mkdir('/work');
  M.FS.mount(M.FS.filesystems.NODEFS, {root: work}, '/work');
  const problems = [];
  M.onProblem = (p, rule) => problems.push(rule);
  for (const [bundle, key, want] of [['bundle', '', 0], ['bundle', 'vendor.pub', 0], ['changed', '', 1],
                                     ['bundle.zip', '', 0], ['bundle.zip', 'vendor.pub', 0],
                                     ['changed.zip', '', 1]]) {
    problems.length = 0;
    const out = M._malloc(16 + 72);
    const code = M.ccall('rkw_verify', 'number',
      ['string', 'string', 'number', 'number', 'string', 'string'],
      ['/work/' + bundle, key ? '/work/' + key : '', out, out + 16, '/work/said-ja.json',
       '/work/said-en.json']);
    const confirmed = M.getValue(out + 8, 'i32'), fp = M.UTF8ToString(out + 16);
    M._free(out);
    const nat = spawnSync(native, ['verify', bundle, ...(key ? ['--pubkey', key] : [])], {cwd: work});
    /* what was verified: the JSON `renkei verify --format json` writes, in both languages (the
     * problems' paths name the bundle as each was given it) */
    let saidSame = true;
    for (const l of ['ja', 'en']) {
      const natJson = spawnSync(native, ['verify', '--format', 'json', '--lang', l, bundle,
                                         ...(key ? ['--pubkey', key] : [])], {cwd: work, encoding: 'utf8'});
      const mine = fs.readFileSync(path.join(work, 'said-' + l + '.json'), 'utf8').split('/work/').join('');
      if (mine !== natJson.stdout) {
        console.error(`FAIL verify ${bundle} ${key} --format json --lang ${l}: the page's JSON differs`);
        saidSame = false;
      }
    }
    n++;
    if (code !== want || nat.status !== want || (want === 1) !== (problems.length > 0) ||
        !fp.startsWith('SHA256:') || confirmed !== (key ? 1 : 0) || !saidSame) {
      console.error(`FAIL verify ${bundle} ${key}: exit ${code} (native ${nat.status}), want ${want}; ` +
                    `problems ${problems.join(' ')}; fingerprint '${fp}', confirmed ${confirmed}`);
      failed++;
    }
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`node_corpus: ${n - failed} of ${n} checks and verifications give the native CLI's JSON report and exit code (${all.length} inputs, ${secs} s)`);
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
