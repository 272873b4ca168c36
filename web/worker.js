/*
 * worker.js - the page's worker: runs librenkei (renkei-web.js, built with emscripten) off the
 * page's thread. The user's files are mounted read-only in place (WORKERFS: each read is a
 * slice of the File, nothing is copied whole), checked by rkw_check (rk_run_check, as `renkei
 * check` does) or verified by rkw_verify (rk_evidence_verify_path, as `renkei verify` does: the
 * bundle's files, its folder, or one ZIP of it, which the library extracts); the reports the
 * library wrote are sent back to the page. Nothing leaves the machine.
 *
 * Messages in:  {id, op: 'check', files: [{path, blob}], office, direction, lang}
 *               {id, op: 'verify', files: [{path, blob}], pubkey: Blob|null}
 * Messages out: {id, op: 'progress', done, total, bytes, totalBytes, path}
 *               {id, op: 'check', code, html_ja, html_en, json, memory}
 *               {id, op: 'verify', code, files, ownKey, signerConfirmed, fingerprint,
 *                problems: [{path, rule, error, ja, en}]}
 *               {id, op: 'error', message}
 */
/* global createRenkei, FileReaderSync */
'use strict';

var renkeiModule = null;
var renkeiCurrent = null; /* the request being served: progress and problems go to it */

function renkeiLoad(post) {
  if (renkeiModule)
    return renkeiModule;
  renkeiModule = createRenkei({
    print: function () {},
    printErr: function (s) { post({op: 'log', message: String(s)}); },
    onFile: function (path, done, total, status) {
      if (renkeiCurrent)
        renkeiCurrent.onFile(path, done, total, status);
    },
    onProblem: function (path, rule, error, ja, en) {
      if (renkeiCurrent)
        renkeiCurrent.problems.push({path: path.replace(/^\/bundle\//, ''), rule: rule,
                                     error: error === 1, ja: ja, en: en});
    },
  }).then(function (M) {
    /* Progress by bytes: every read of a mounted File passes here. */
    var W = M.FS.filesystems.WORKERFS;
    if (W) {
      var read = W.stream_ops.read;
      W.stream_ops.read = function () {
        var n = read.apply(this, arguments);
        if (renkeiCurrent)
          renkeiCurrent.onBytes(n);
        return n;
      };
    }
    return M;
  });
  return renkeiModule;
}

/* Makes dir afresh and mounts the files under it with their relative paths. */
function renkeiMount(M, dir, files) {
  var FS = M.FS;
  try { FS.unmount(dir); } catch (e) { /* not mounted */ }
  try { FS.mkdir(dir); } catch (e) { /* exists */ }
  FS.mount(FS.filesystems.WORKERFS, {
    blobs: files.map(function (f) { return {name: f.path, data: f.blob}; }),
  }, dir);
}

function renkeiRead(M, path) {
  try {
    var s = M.FS.readFile(path, {encoding: 'utf8'});
    M.FS.unlink(path);
    return s;
  } catch (e) {
    return null;
  }
}

/* The top-level entries of the inputs, as the user named them (a folder once). */
function renkeiTopLevel(files) {
  var seen = {}, out = [];
  files.forEach(function (f) {
    var top = f.path.split('/')[0];
    if (!seen[top]) {
      seen[top] = true;
      out.push(top);
    }
  });
  return out;
}

function renkeiServe(msg, post) {
  return renkeiLoad(post).then(function (M) {
    var FS = M.FS;
    var totalBytes = 0;
    msg.files.forEach(function (f) { totalBytes += f.blob.size; });
    var bytes = 0, lastPost = 0;
    renkeiCurrent = {
      problems: [],
      onFile: function (path, done, total) {
        post({id: msg.id, op: 'progress', path: path, done: done, total: total,
              bytes: bytes, totalBytes: totalBytes});
      },
      onBytes: function (n) {
        bytes += n;
        if (bytes - lastPost >= (1 << 20)) {
          lastPost = bytes;
          post({id: msg.id, op: 'progress', bytes: bytes, totalBytes: totalBytes});
        }
      },
    };
    try { FS.mkdir('/out'); } catch (e) { /* exists */ }
    if (msg.op === 'check') {
      renkeiMount(M, '/in', msg.files);
      FS.chdir('/in');
      var inputs = renkeiTopLevel(msg.files).join('\n');
      var code = M.ccall('rkw_check', 'number',
        ['string', 'string', 'string', 'number', 'number', 'string', 'string', 'string'],
        [inputs, msg.office || '', msg.direction || '', 0, msg.lang === 'en' ? 1 : 0,
         '/out/report-ja.html', '/out/report-en.html', '/out/report.json']);
      FS.chdir('/');
      return {id: msg.id, op: 'check', code: code,
              html_ja: renkeiRead(M, '/out/report-ja.html'),
              html_en: renkeiRead(M, '/out/report-en.html'),
              json: renkeiRead(M, '/out/report.json'),
              memory: M.HEAP8.length};
    }
    if (msg.op === 'verify') {
      /* A folder picked whole arrives as NAME/...: the bundle is NAME. */
      var tops = renkeiTopLevel(msg.files);
      var dir = '/bundle';
      renkeiMount(M, dir, msg.files);
      if (msg.pubkey)
        renkeiMount(M, '/key', [{path: 'pubkey.pem', blob: msg.pubkey}]);
      var bundle = dir;
      if (msg.files.length === 1 && /\.zip$/i.test(msg.files[0].path))
        bundle = dir + '/' + msg.files[0].path; /* a ZIP of the bundle: the library reads it */
      else if (tops.length === 1 && msg.files.some(function (f) { return f.path.indexOf('/') > 0; }))
        bundle = dir + '/' + tops[0];
      var out = M._malloc(16 + 72);
      var vcode = M.ccall('rkw_verify', 'number',
        ['string', 'string', 'number', 'number', 'string', 'string'],
        [bundle, msg.pubkey ? '/key/pubkey.pem' : '', out, out + 16,
         '/out/verify-ja.json', '/out/verify-en.json']);
      var said = {};
      ['ja', 'en'].forEach(function (l) {
        var text = vcode <= 1 ? renkeiRead(M, '/out/verify-' + l + '.json') : '';
        said[l] = text ? JSON.parse(text) : null;
      });
      var reply = {id: msg.id, op: 'verify', code: vcode,
                   files: M.getValue(out, 'i32'), ownKey: M.getValue(out + 4, 'i32') === 1,
                   signerConfirmed: M.getValue(out + 8, 'i32') === 1,
                   fingerprint: M.UTF8ToString(out + 16), problems: renkeiCurrent.problems,
                   said: said};
      M._free(out);
      return reply;
    }
    throw new Error('unknown request ' + msg.op);
  }).then(function (reply) {
    renkeiCurrent = null;
    return reply;
  }, function (e) {
    renkeiCurrent = null;
    return {id: msg.id, op: 'error', message: String(e && e.stack || e)};
  });
}

self.onmessage = function (ev) {
  renkeiServe(ev.data, function (m) { self.postMessage(m); }).then(function (reply) {
    self.postMessage(reply);
  });
};
