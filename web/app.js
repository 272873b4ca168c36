/*
 * app.js - the page: takes the files the user drops or picks, hands them to the worker
 * (worker.js around renkei-web.js, started from renkeiWorkerSource so that it also runs from
 * file://), and shows what librenkei wrote: the HTML report (the same writer as `renkei check
 * --format html`), the JSON report to download, or a bundle's verification. Japanese by
 * default, English on request. No request leaves the page.
 *
 * Hooks the tests rely on: #verdict[data-status="conforms"|"errors"][data-errors=N] after a
 * check; #verify-result[data-valid="true"|"false"] after a verification; window.renkeiLast
 * holds the last check's reports.
 */
/* global renkeiWorkerSource */
'use strict';

(function () {
  var text = {
    ja: {
      title: 'renkei ― CSV 適合チェック（この PC の中だけで動きます）',
      privacy: 'ファイルはこの PC の中で読まれ、どこにも送信されません。インターネットに接続していなくても使えます。',
      tabCheck: 'ファイルを確認する',
      tabVerify: 'エビデンスを検証する',
      dropCheck: 'CSV ファイル、フォルダ、または ZIP をここにドロップしてください。',
      pickFiles: 'ファイルを選ぶ',
      pickFolder: 'フォルダを選ぶ',
      office: '事業所の種類（エクスポート全体を確認するとき）',
      officeNone: '指定しない',
      officeKyotaku: '居宅介護支援事業所',
      officeService: 'サービス事業所',
      officeYoboCenter: '介護予防支援事業所（地域包括支援センター）',
      officeYoboService: '介護予防サービス事業所',
      direction: '方向',
      dirOutput: '出力',
      dirImport: '取込',
      downloadHtml: 'HTML レポートを保存',
      downloadJson: 'JSON レポートを保存',
      dropVerify: 'エビデンス一式（フォルダ、その中のファイル、または ZIP）をここにドロップしてください。',
      pickBundleFiles: 'ファイルか ZIP を選ぶ',
      pickBundleFolder: 'フォルダを選ぶ',
      pubkey: 'ベンダーが公開した公開鍵（任意、PEM）',
      pickKey: '公開鍵を選ぶ',
      footer: 'renkei はこのページの中で WebAssembly として動いています。コマンドライン版と同じライブラリ、同じレポートです。',
      chosen: function (n, bytes) { return n + ' 個のファイル（' + size(bytes) + '）'; },
      loading: '準備しています…',
      checking: '確認しています…',
      verifying: '検証しています…',
      progress: function (p) {
        return (p.total ? p.done + ' / ' + p.total + ' ファイル　' : '') +
          size(p.bytes) + ' / ' + size(p.totalBytes) + ' 読み込み済み';
      },
      conforms: '適合：エラーはありません',
      errors: function (n) { return '不適合：エラー ' + n + ' 件'; },
      warnings: function (n) { return '（警告 ' + n + ' 件）'; },
      failed: function (code) { return 'renkei が確認を完了できませんでした（終了コード ' + code + '）'; },
      valid: function (r, copies) {
        return '有効：署名が正しく、マニフェストのファイル ' + r.files + ' 件' +
          (copies ? 'と入力の写し ' + copies + ' 件' : '') + 'がすべて一致しました';
      },
      invalid: function (n) { return '無効：問題が ' + n + ' 件あります'; },
      badKey: '指定した公開鍵を読めないか、Ed25519 公開鍵ちょうど 1 つではありません',
      unreadable: 'エビデンス一式を読み込めませんでした',
      fingerprint: '署名者の鍵のフィンガープリント：',
      confirmed: '署名者：確認済み（指定した公開鍵と一致）',
      unconfirmed: '署名者：未確認（公開鍵の指定なし）。上のフィンガープリントをベンダーが公表したものと照合してください',
      saidVendor: 'ベンダー',
      saidProduct: '製品とバージョン',
      saidOffice: '事業所の種類',
      saidMade: '作成日時（UTC）',
      saidTool: 'renkei と仕様',
      saidRecheck: '再検査',
      builtin: '組み込みの仕様表',
      otherSpecs: '組み込みでない仕様表',
      /* the re-check as `renkei verify` says it (cmd_verify.c recheck_said), by recheck_why */
      rechecked: '入力の写しから判定・指摘・件数を再計算し、すべて一致した',
      'recheck-inputs-left-out': 'できない（ベンダーが入力の写しを入れていない: --without-inputs）。判定は署名時の記録のまま',
      'recheck-roundtrip-uncopied': 'できない（往復のファイルの一部を写せなかった）。判定は署名時の記録のまま',
      'recheck-other-specs': 'できない（このビルドと違う仕様表で作られた一式）。判定は署名時の記録のまま',
      'recheck-disagrees': '一致しない（上の EVD-014 を参照）。この一式の判定は再現できない',
      'recheck-invalid': '行わなかった（一式が無効）',
      notRechecked: '行わなかった',
    },
    en: {
      title: 'renkei: CSV conformance check (runs only on this PC)',
      privacy: 'Your files are read on this PC and sent nowhere. It works without an Internet connection.',
      tabCheck: 'Check files',
      tabVerify: 'Verify evidence',
      dropCheck: 'Drop CSV files, a folder or a ZIP here.',
      pickFiles: 'Choose files',
      pickFolder: 'Choose a folder',
      office: 'Office type (when checking a whole export)',
      officeNone: 'Not specified',
      officeKyotaku: 'Home care support office (kyotaku)',
      officeService: 'Service provider',
      officeYoboCenter: 'Preventive care support centre',
      officeYoboService: 'Preventive care service provider',
      direction: 'Direction',
      dirOutput: 'Output',
      dirImport: 'Import',
      downloadHtml: 'Save the HTML report',
      downloadJson: 'Save the JSON report',
      dropVerify: 'Drop an evidence bundle (its folder, its files, or a ZIP) here.',
      pickBundleFiles: 'Choose files or a ZIP',
      pickBundleFolder: 'Choose a folder',
      pubkey: 'Public key the vendor published (optional, PEM)',
      pickKey: 'Choose the public key',
      footer: 'renkei runs inside this page as WebAssembly: the same library and the same report as the command line.',
      chosen: function (n, bytes) { return n + ' file(s) (' + size(bytes) + ')'; },
      loading: 'Getting ready…',
      checking: 'Checking…',
      verifying: 'Verifying…',
      progress: function (p) {
        return (p.total ? p.done + ' / ' + p.total + ' files, ' : '') +
          size(p.bytes) + ' of ' + size(p.totalBytes) + ' read';
      },
      conforms: 'Conforms: no errors',
      errors: function (n) { return 'Does not conform: ' + n + ' error(s)'; },
      warnings: function (n) { return ' (' + n + ' warning(s))'; },
      failed: function (code) { return 'renkei could not complete the check (exit code ' + code + ')'; },
      valid: function (r, copies) {
        return 'Valid: the signature checks out and all ' + r.files + ' file(s) of the manifest' +
          (copies ? ' and ' + copies + ' copies of inputs' : '') + ' match';
      },
      invalid: function (n) { return 'Invalid: ' + n + ' problem(s)'; },
      badKey: 'The public key given cannot be read, or does not hold exactly one Ed25519 public key',
      unreadable: 'The bundle could not be read',
      fingerprint: 'Signer\'s key fingerprint: ',
      confirmed: 'Signer: confirmed (the public key given matches)',
      unconfirmed: 'Signer: unconfirmed (no public key given): compare the fingerprint above with the one the vendor published',
      saidVendor: 'Vendor',
      saidProduct: 'Product and version',
      saidOffice: 'Office type',
      saidMade: 'Made (UTC)',
      saidTool: 'renkei and specs',
      saidRecheck: 'Re-check',
      builtin: 'built-in tables',
      otherSpecs: 'tables other than the built-in ones',
      rechecked: 'the verdicts, findings and counts were re-computed from the copies of the inputs and all agree',
      'recheck-inputs-left-out': 'not possible (the vendor left the copies of the inputs out: --without-inputs); the verdicts are as recorded when it was signed',
      'recheck-roundtrip-uncopied': 'not possible (some of the round trip\'s files could not be copied); the verdicts are as recorded when it was signed',
      'recheck-other-specs': 'not possible (made with other spec tables than this build\'s); the verdicts are as recorded when it was signed',
      'recheck-disagrees': 'disagrees (see EVD-014 above): this bundle\'s verdicts cannot be reproduced',
      'recheck-invalid': 'not done (the bundle is invalid)',
      notRechecked: 'not done',
    },
  };
  var lang = 'ja';
  var $ = function (id) { return document.getElementById(id); };

  function size(n) {
    if (n < 1024) return n + ' B';
    if (n < 1048576) return (n / 1024).toFixed(1) + ' KB';
    return (n / 1048576).toFixed(1) + ' MB';
  }
  function t(key) { return text[lang][key]; }

  /* ---- the worker ---- */
  var worker = new Worker(URL.createObjectURL(new Blob([renkeiWorkerSource],
    {type: 'text/javascript'})));
  var pending = {}, nextId = 1;
  worker.onmessage = function (ev) {
    var m = ev.data, p = pending[m.id];
    if (m.op === 'log') { console.warn(m.message); return; }
    if (!p) return;
    if (m.op === 'progress') { p.progress(m); return; }
    delete pending[m.id];
    if (m.op === 'error') p.reject(new Error(m.message)); else p.resolve(m);
  };
  function ask(msg, progress) {
    msg.id = nextId++;
    return new Promise(function (resolve, reject) {
      pending[msg.id] = {resolve: resolve, reject: reject, progress: progress || function () {}};
      worker.postMessage(msg);
    });
  }

  /* ---- files from inputs and drops: [{path, blob}] with paths relative to what was given ---- */
  function fromList(list) {
    return Array.prototype.map.call(list, function (f) {
      return {path: f.webkitRelativePath || f.name, blob: f};
    });
  }
  function readEntry(entry, prefix) {
    return new Promise(function (resolve, reject) {
      if (entry.isFile) {
        entry.file(function (f) { resolve([{path: prefix + entry.name, blob: f}]); }, reject);
        return;
      }
      var reader = entry.createReader(), all = [];
      (function more() {
        reader.readEntries(function (batch) {
          if (!batch.length) {
            Promise.all(all.map(function (e) { return readEntry(e, prefix + entry.name + '/'); }))
              .then(function (lists) { resolve([].concat.apply([], lists)); }, reject);
            return;
          }
          all = all.concat(Array.prototype.slice.call(batch));
          more();
        }, reject);
      })();
    });
  }
  function fromDrop(dt) {
    var entries = Array.prototype.map.call(dt.items || [], function (it) {
      return it.webkitGetAsEntry ? it.webkitGetAsEntry() : null;
    }).filter(Boolean);
    if (!entries.length) return Promise.resolve(fromList(dt.files));
    return Promise.all(entries.map(function (e) { return readEntry(e, ''); }))
      .then(function (lists) { return [].concat.apply([], lists); });
  }
  function total(files) { return files.reduce(function (s, f) { return s + f.blob.size; }, 0); }

  /* ---- check ---- */
  var lastFiles = null, checkSeq = 0;
  window.renkeiLast = null;

  function showReport() {
    var r = window.renkeiLast;
    if (!r) return;
    var html = lang === 'en' ? r.html_en : r.html_ja;
    var frame = $('report');
    frame.hidden = false;
    frame.onload = function () {
      /* The report's own height (the body's, not the frame's, which only grows). */
      try {
        var b = frame.contentDocument.body;
        frame.style.height = Math.ceil(b.getBoundingClientRect().bottom + 32) + 'px';
      } catch (e) { /* sandboxed */ }
    };
    frame.srcdoc = html || '';
    var dh = $('download-html'), dj = $('download-json');
    if (dh.href) URL.revokeObjectURL(dh.href);
    if (dj.href) URL.revokeObjectURL(dj.href);
    dh.href = URL.createObjectURL(new Blob([html || ''], {type: 'text/html'}));
    dj.href = URL.createObjectURL(new Blob([r.json || ''], {type: 'application/json'}));
    $('downloads').hidden = false;
  }

  function showVerdict() {
    var r = window.renkeiLast, v = $('verdict');
    if (!r) return;
    v.hidden = false;
    var s = null;
    try { s = JSON.parse(r.json).summary; } catch (e) { /* no report */ }
    if (!s || r.code > 1) {
      v.className = 'verdict ng';
      v.dataset.status = 'failed';
      v.textContent = t('failed')(r.code);
      return;
    }
    v.dataset.errors = String(s.errors);
    v.dataset.warnings = String(s.warnings);
    v.dataset.status = s.errors ? 'errors' : 'conforms';
    v.className = 'verdict ' + (s.errors ? 'ng' : 'ok');
    v.textContent = (s.errors ? t('errors')(s.errors) : t('conforms')) +
      (s.warnings ? t('warnings')(s.warnings) : '');
  }

  function check(files) {
    if (!files.length) return;
    lastFiles = files;
    $('chosen').textContent = t('chosen')(files.length, total(files));
    var v = $('verdict');
    v.hidden = true;
    delete v.dataset.status;
    $('downloads').hidden = true;
    $('report').hidden = true;
    var bar = $('progress-bar'), ptext = $('progress-text');
    $('progress').hidden = false;
    bar.style.width = '0';
    ptext.textContent = t('checking');
    var mine = ++checkSeq;
    return ask({op: 'check', files: files, office: $('office').value,
                direction: $('direction').value, lang: lang}, function (p) {
      if (mine !== checkSeq) return;
      /* Some files are read twice (the set checks): never show more than all. */
      p.bytes = Math.min(p.bytes, p.totalBytes);
      if (p.totalBytes) bar.style.width = (100 * p.bytes / p.totalBytes) + '%';
      ptext.textContent = t('progress')(p);
    }).then(function (r) {
      if (mine !== checkSeq) return; /* a later check replaced this one */
      $('progress').hidden = true;
      window.renkeiLast = r;
      showVerdict();
      showReport();
    }, function (e) {
      if (mine !== checkSeq) return;
      $('progress').hidden = true;
      window.renkeiLast = {code: 4, json: null};
      showVerdict();
      console.error(e);
    });
  }

  /* ---- verify ---- */
  var lastBundle = null, lastVerify = null, verifySeq = 0;
  function showVerify() {
    var r = lastVerify, el = $('verify-result'), ul = $('verify-problems'), who = $('verify-signer');
    if (!r) return;
    el.hidden = false;
    el.dataset.valid = r.code === 0 ? 'true' : 'false';
    el.className = 'verdict ' + (r.code === 0 ? 'ok' : 'ng');
    /* the copies of the inputs verify checked, as `renkei verify` counts them */
    var copies = r.code === 0 && r.said && r.said.en ? r.said.en.copies : 0;
    el.textContent = r.code === 0 ? t('valid')(r, copies) :
      r.code === 1 ? t('invalid')(r.problems.length) :
      r.code === 2 ? t('badKey') :
      r.code === 3 ? t('unreadable') : t('failed')(r.code);
    who.textContent = '';
    if (r.fingerprint) {
      var fp = document.createElement('p');
      fp.appendChild(document.createTextNode(t('fingerprint')));
      var code = document.createElement('code');
      code.id = 'verify-fingerprint';
      code.textContent = r.fingerprint;
      fp.appendChild(code);
      who.appendChild(fp);
      var conf = document.createElement('p');
      conf.className = r.signerConfirmed ? 'signer ok' : 'signer unconfirmed';
      conf.textContent = r.signerConfirmed ? t('confirmed') : t('unconfirmed');
      who.appendChild(conf);
    }
    /* what was verified, as `renkei verify --format json` says it (only from a valid bundle:
     * an invalid one's contents cannot be relied on) */
    var said = r.code === 0 && r.said ? r.said[lang] : null, box = $('verify-said');
    box.textContent = '';
    box.hidden = !said;
    if (said) {
      var rows = [
        ['saidVendor', said.vendor],
        ['saidProduct', said.product + ' ' + said.product_version],
        ['saidOffice', lang === 'en' ? said.office_type : said.office_type_ja],
        ['saidMade', said.timestamp],
        ['saidTool', 'renkei ' + said.tool_version + ', ' + said.specs.used + ' (' +
          t(said.specs.builtin ? 'builtin' : 'otherSpecs') + ')'],
      ];
      said.verdicts.forEach(function (v) {
        rows.push([v.requirement, (lang === 'en' ? v.status : v.status_ja) + ': ' + v.reason,
                   'verdict-' + (v.status === 'met' ? 'met' : v.status === 'not met' ? 'not-met' : 'na')]);
      });
      var why = 'recheck-' + (said.recheck_why || '');
      rows.push(['saidRecheck', t(said.rechecked ? 'rechecked' : text[lang][why] ? why : 'notRechecked'),
                 'recheck']);
      var table = document.createElement('table');
      rows.forEach(function (row) {
        var tr = document.createElement('tr');
        var th = document.createElement('th');
        th.textContent = text[lang][row[0]] ? t(row[0]) : row[0];
        var td = document.createElement('td');
        td.textContent = row[1];
        if (row[2]) td.className = row[2];
        tr.appendChild(th);
        tr.appendChild(td);
        table.appendChild(tr);
      });
      box.dataset.rechecked = said.rechecked ? 'true' : 'false';
      box.dataset.recheckWhy = said.recheck_why || '';
      box.appendChild(table);
    }
    ul.textContent = '';
    r.problems.forEach(function (p) {
      var li = document.createElement('li');
      var c = document.createElement('code');
      c.textContent = p.path;
      li.appendChild(c);
      li.appendChild(document.createTextNode(': ' + (lang === 'en' ? p.en : p.ja) + ' [' + p.rule + ']'));
      ul.appendChild(li);
    });
  }
  function verify(files) {
    if (!files.length) return;
    lastBundle = files;
    $('verify-chosen').textContent = t('chosen')(files.length, total(files));
    var el = $('verify-result');
    el.hidden = false;
    delete el.dataset.valid;
    el.className = 'verdict';
    el.textContent = t('verifying');
    var key = $('pubkey').files[0] || null;
    var mine = ++verifySeq;
    return ask({op: 'verify', files: files, pubkey: key}).then(function (r) {
      if (mine !== verifySeq) return; /* a later verification replaced this one */
      lastVerify = r;
      showVerify();
    }, function (e) {
      if (mine !== verifySeq) return;
      lastVerify = {code: 4, problems: []};
      console.error(e);
      showVerify();
    });
  }

  /* ---- wiring ---- */
  function setLang(l) {
    lang = l;
    document.documentElement.lang = l;
    $('lang-ja').className = l === 'ja' ? 'on' : '';
    $('lang-en').className = l === 'en' ? 'on' : '';
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (el) {
      el.textContent = t(el.dataset.i18n);
    });
    document.title = t('title');
    if (lastFiles) {
      $('chosen').textContent = t('chosen')(lastFiles.length, total(lastFiles));
      /* The JSON report follows the language: check again (the HTML exists in both). */
      check(lastFiles);
    }
    if (lastBundle) {
      $('verify-chosen').textContent = t('chosen')(lastBundle.length, total(lastBundle));
      showVerify();
    }
  }
  $('lang-ja').onclick = function () { setLang('ja'); };
  $('lang-en').onclick = function () { setLang('en'); };
  function tab(which) {
    $('tab-check').className = which === 'check' ? 'on' : '';
    $('tab-verify').className = which === 'verify' ? 'on' : '';
    $('panel-check').hidden = which !== 'check';
    $('panel-verify').hidden = which !== 'verify';
  }
  $('tab-check').onclick = function () { tab('check'); };
  $('tab-verify').onclick = function () { tab('verify'); };
  $('files').onchange = function () { check(fromList(this.files)); };
  $('folder').onchange = function () { check(fromList(this.files)); };
  $('office').onchange = $('direction').onchange = function () { if (lastFiles) check(lastFiles); };
  $('verify-files').onchange = function () { verify(fromList(this.files)); };
  $('verify-folder').onchange = function () { verify(fromList(this.files)); };
  $('pubkey').onchange = function () {
    $('keyname').textContent = this.files[0] ? this.files[0].name : '';
    if (lastBundle) verify(lastBundle);
  };
  [['drop-check', check], ['drop-verify', verify]].forEach(function (d) {
    var zone = $(d[0]);
    zone.ondragover = function (ev) { ev.preventDefault(); zone.classList.add('over'); };
    zone.ondragleave = function () { zone.classList.remove('over'); };
    zone.ondrop = function (ev) {
      ev.preventDefault();
      zone.classList.remove('over');
      fromDrop(ev.dataTransfer).then(d[1]);
    };
  });
  /* A file dropped beside the zones must not make the browser navigate to it. */
  window.addEventListener('dragover', function (ev) { ev.preventDefault(); });
  window.addEventListener('drop', function (ev) { ev.preventDefault(); });
})();
