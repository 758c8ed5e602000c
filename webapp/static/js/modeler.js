// The model editor: one tab per file of the model (bpmn-js for .bpmn with the
// civicflow panel, dmn-js for .dmn), saving the draft to the server, showing
// the server's problems pinned to their elements, and deploying.
(function () {
  'use strict';
  var root = document.getElementById('editor');
  if (!root || !window.BpmnJS) { return; }
  var T = JSON.parse(document.getElementById('editor-text').textContent);
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var $ = function (id) { return document.getElementById(id); };
  // files: the text as stored (or as the analyst added it); added: names added here, not saved yet.
  var state = { files: {}, order: [], editors: {}, active: null, problems: [], dirty: false, added: {}, words: [] };
  // The `translate` module that makes bpmn-js and dmn-js speak the page's language (bpmn-io-i18n.js).
  var speak = window.civicflowI18n ? window.civicflowI18n.modules() : Promise.resolve([]);
  if (window.civicflowI18n) { window.civicflowI18n.retitle(root); }

  function api(method, url, body) {
    return fetch(url, {
      method: method, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRFToken': csrf },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().catch(function () { return {}; })
        .then(function (data) { return { status: r.status, ok: r.ok, data: data }; });
    });
  }

  function setStatus(text, kind) {
    var box = $('editor-status');
    box.textContent = text;
    box.className = 'editor-status ' + (kind || '');
  }

  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  function isDmn(name) { return /\.dmn$/i.test(name); }

  function markDirty() {
    state.dirty = true;
    setStatus(T.unsaved, 'warn');
  }

  // A file is marked by its editor's command stack; whether it really differs is
  // decided at saving, against what the editor exported right after opening it.
  function touched(name) {
    return function (e) {
      if (e && e.trigger === 'clear') { return; }   // a (re-)import, not an edit
      var ed = state.editors[name];
      if (ed) { ed.touched = true; }
      markDirty();
      renderTabs();
    };
  }

  // ---- tabs and editors ---------------------------------------------------
  function renderTabs() {
    var bar = $('file-tabs');
    bar.textContent = '';
    state.order.forEach(function (name) {
      var b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-selected', String(name === state.active));
      b.dataset.file = name;
      b.textContent = name;
      var ed = state.editors[name];
      if (state.added[name] || (ed && ed.touched)) { b.classList.add('dirty'); b.title = T.unsaved; }
      var count = state.problems.filter(function (p) { return p.file === name; }).length;
      if (count) {
        var badge = document.createElement('span');
        badge.className = 'cf-count';
        badge.textContent = count;
        b.appendChild(badge);
      }
      b.addEventListener('click', function () { openFile(name); });
      bar.appendChild(b);
    });
  }

  function openFile(name) {
    Object.keys(state.editors).forEach(function (n) { showEditor(state.editors[n], n === name); });
    state.active = name;
    renderTabs();
    var ready = state.editors[name] ? Promise.resolve(state.editors[name]) : createEditor(name);
    return ready.then(function (ed) {
      showEditor(ed, true);
      return ed;
    });
  }

  function showEditor(ed, on) {
    ed.box.hidden = !on;
    if (ed.kind !== 'bpmn') { if (on) { dmnHint(); } return; }
    var keyboard = ed.modeler.get('keyboard');
    if (on) { keyboard.bind(document); ed.panel.show(); } else { keyboard.unbind(); ed.panel.hide(); }
  }

  function createEditor(name) {
    var box = document.createElement('div');
    box.className = 'canvas';
    box.dataset.file = name;
    $('canvases').appendChild(box);
    var ed = isDmn(name) ? dmnEditor(box, name) : bpmnEditor(box, name);
    state.editors[name] = ed;
    return ed.modeler.importXML(state.files[name]).then(function () {
      ed.afterImport();
      pin(name);
      return ed.modeler.saveXML({ format: true });
    }).then(function (r) {
      ed.baseline = r && r.xml;   // the export of the file as stored: unchanged means untouched
      return ed;
    }).catch(function (err) {
      // bpmn-js's English for a model without its drawing (no BPMNDiagram), in the analyst's words.
      var noLayout = /no diagram to display/.test(err && err.message || '');
      box.textContent = noLayout ? T.no_layout : fmt(T.import_failed, { error: err.message });
      return ed;
    });
  }

  function bpmnEditor(box, name) {
    var modeler = new window.BpmnJS({
      container: box, moddleExtensions: { civicflow: window.CivicflowModdle }, additionalModules: state.words
    });
    var ed = { kind: 'bpmn', box: box, modeler: modeler };
    ed.panel = new window.CivicflowPanel(modeler, $('cf-panel'), T);
    ed.panel.decisionName = decisionName;
    ed.afterImport = function () {
      fit(modeler.get('canvas'));
      modeler.on('commandStack.changed', touched(name));
      if (state.active === box.dataset.file) { ed.panel.show(); }
    };
    ed.stack = function () { return modeler.get('commandStack'); };
    return ed;
  }

  // A decision's name as the model's .dmn files (as last loaded or saved) give it, or null.
  function decisionName(id) {
    var found = null;
    state.order.filter(isDmn).forEach(function (name) {
      if (found !== null || !state.files[name]) { return; }
      var doc = new DOMParser().parseFromString(state.files[name], 'application/xml');
      var el = Array.prototype.filter.call(doc.getElementsByTagNameNS('*', 'decision'),
        function (d) { return d.getAttribute('id') === id; })[0];
      if (el) { found = el.getAttribute('name') || ''; }
    });
    return found;
  }

  // Fit the diagram, then move it right of the palette that floats over the canvas.
  function fit(canvas) {
    canvas.zoom('fit-viewport');
    var vb = canvas.viewbox();
    var shift = 110 / vb.scale;
    canvas.viewbox({ x: vb.x - shift, y: vb.y, width: vb.width + shift, height: vb.height + shift });
  }

  function dmnEditor(box, name) {
    // dmn-js 16 drops common.additionalModules (each view's own replace them): given per view.
    var words = { additionalModules: state.words };
    var modeler = new window.DmnJS({
      container: box, drd: words, decisionTable: words, literalExpression: words, boxedExpression: words
    });
    var ed = { kind: 'dmn', box: box, modeler: modeler };
    ed.afterImport = function () {
      var table = modeler.getViews().filter(function (v) { return v.type === 'decisionTable'; })[0];
      if (table) { modeler.open(table); }
      var watch = function () {
        var viewer = modeler.getActiveViewer();
        if (viewer && !viewer.__civicflow) { viewer.__civicflow = true; viewer.on('commandStack.changed', touched(name)); }
      };
      modeler.on('views.changed', watch);
      watch();
      dmnViews(ed);
    };
    ed.stack = function () { var v = modeler.getActiveViewer(); return v && v.get('commandStack'); };
    return ed;
  }

  // A row of buttons to switch between the DMN file's decisions and its diagram.
  function dmnViews(ed) {
    var bar = document.createElement('div');
    bar.className = 'dmn-views';
    ed.modeler.getViews().forEach(function (v) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'small';
      b.textContent = v.type === 'drd' ? T.dmn_diagram : (v.element.name || v.element.id);
      b.addEventListener('click', function () { ed.modeler.open(v); });
      bar.appendChild(b);
    });
    ed.box.insertBefore(bar, ed.box.firstChild);
  }

  function dmnHint() {
    var panel = $('cf-panel');
    panel.textContent = '';
    var p = document.createElement('p');
    p.className = 'hint';
    p.textContent = T.dmn_hint;
    panel.appendChild(p);
  }

  // ---- problems -----------------------------------------------------------
  function message(p) { return T.locale === 'en' ? p.message_en : p.message_zh; }

  // A problem's element as the analyst knows it: its name (the viewer's half),
  // else its kind; a DMN cell by its decision and row. Never its id (kept in
  // data-element to select it).
  function elementWords(p) {
    if (!p.element_id) { return ''; }
    var said = window.CivicflowPanel.pickName(p.element_name, T.locale) || typeWord(p.element_type || '');
    return p.row ? said + ' ' + fmt(T.row, { n: p.row }) : said;
  }

  function pin(name) {
    var ed = state.editors[name];
    if (!ed || ed.kind !== 'bpmn') { return; }
    var registry = ed.modeler.get('elementRegistry');
    var canvas = ed.modeler.get('canvas');
    var overlays = ed.modeler.get('overlays');
    registry.forEach(function (el) { canvas.removeMarker(el, 'cf-problem'); });
    overlays.remove({ type: 'cf-problem' });
    state.problems.forEach(function (p) {
      var el = p.element_id && p.file === name && registry.get(p.element_id);
      if (!el || el.type === 'bpmn:Process') { return; }
      canvas.addMarker(el, 'cf-problem');
      var badge = document.createElement('div');
      badge.className = 'cf-problem-badge';
      badge.textContent = '!';
      badge.title = message(p);
      overlays.add(el, 'cf-problem', { position: { top: -10, right: 10 }, html: badge });
    });
  }

  function showProblems(list) {
    state.problems = list || [];
    var ul = $('problem-list');
    ul.textContent = '';
    state.problems.forEach(function (p) {
      var li = document.createElement('li');
      li.className = 'problem ' + (p.severity || 'error');
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'link';
      b.dataset.element = p.element_id || '';
      var where = [p.file, p.line ? fmt(T.line, { n: p.line }) : '', elementWords(p)].filter(Boolean).join(' · ');
      b.textContent = (where ? '[' + where + '] ' : '') + message(p);
      b.addEventListener('click', function () { reveal(p); });
      li.appendChild(b);
      ul.appendChild(li);
    });
    $('problems-empty').hidden = state.problems.length > 0;
    Object.keys(state.editors).forEach(pin);
    renderTabs();
  }

  // Warnings (a Unique decision table whose rows overlap...) listed apart from the
  // problems: they do not stop a deploy, and the problem count stays what must be fixed.
  function showWarnings(list) {
    var ul = $('warning-list');
    ul.textContent = '';
    list.forEach(function (p) {
      var li = document.createElement('li');
      li.className = 'problem warning';
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'link';
      b.textContent = '[' + [p.file, p.line ? fmt(T.line, { n: p.line }) : ''].filter(Boolean).join(' · ') + '] ' + message(p);
      b.addEventListener('click', function () { reveal(p); });
      li.appendChild(b);
      ul.appendChild(li);
    });
    $('warnings-part').hidden = !list.length;
  }

  function reveal(p) {
    var name = state.files[p.file] !== undefined ? p.file : state.order[0];
    openFile(name).then(function (ed) {
      if (ed.kind !== 'bpmn' || !p.element_id) { return; }
      var el = ed.modeler.get('elementRegistry').get(p.element_id);
      if (!el) { return; }
      var canvas = ed.modeler.get('canvas');
      var home = canvas.findRoot(el);
      if (home && home !== canvas.getRootElement()) { canvas.setRootElement(home); }
      ed.modeler.get('selection').select(el);
      if (el === home) { return; }
      if (canvas.zoom() < 0.9) { canvas.zoom(1); }
      canvas.scrollToElement(el);
    });
  }

  // ---- saving and deploying -----------------------------------------------
  // Only the files the analyst changed: an untouched file is never exported
  // again, so the server keeps it byte for byte (bpmn-js and dmn-js rewrite
  // a file's whole layout when they export it).
  function changedFiles() {
    var out = {};
    return Promise.all(state.order.map(function (name) {
      var ed = state.editors[name];
      if (!ed || !ed.touched || ed.baseline === undefined) {
        if (state.added[name]) { out[name] = state.files[name]; }
        return null;
      }
      return ed.modeler.saveXML({ format: true }).then(function (r) {
        if (r.xml !== ed.baseline) { out[name] = r.xml; } else if (state.added[name]) { out[name] = state.files[name]; }
      });
    })).then(function () { return out; });
  }

  function afterSave(sent) {
    Object.keys(sent).forEach(function (name) {
      var ed = state.editors[name];
      state.files[name] = sent[name];
      if (ed && !state.added[name]) { ed.baseline = sent[name]; }
    });
    Object.keys(state.editors).forEach(function (name) { state.editors[name].touched = false; });
    state.added = {};
    state.dirty = false;
    renderTabs();
  }

  // ---- the verdict and what civicflow ignores --------------------------------
  function showReview(review) {
    if (!review) { return; }
    var n = review.problems.length;
    var warnings = review.warnings || [];   // worth a look, but they do not stop a deploy
    var box = $('verdict');
    box.className = 'verdict ' + review.verdict;
    box.textContent = review.verdict === 'deployable' ?
      (warnings.length ? fmt(T.verdict_warnings, { n: warnings.length }) : T.verdict_deployable) :
      review.verdict === 'draft' ? T.verdict_draft :
      fmt(review.verdict === 'fault' ? T.verdict_fault : T.verdict_refused, { n: n });
    showProblems(review.problems);
    showWarnings(warnings);
    if (!n) { $('problems-empty').textContent = T.no_problems; }
    showIgnored(review.ignored || [], review.read || []);
  }

  function typeWord(type) {
    var key = 'bpmn:' + type.charAt(0).toUpperCase() + type.slice(1);
    return T.types[key] || T.types['dmn:' + type] || T.element;
  }

  function showIgnored(list, read) {
    $('ignored-count').textContent = list.length;
    $('ignored-box').hidden = !list.length && !read.length;
    $('ignored-part').hidden = !list.length;
    $('read-part').hidden = !read.length;
    byElement($('ignored-list'), list, function (x) {
      return T.ignored_reasons[x.reason] || T.ignored_reasons.camunda;
    });
    byElement($('read-list'), read, function (x) {
      return T.read_reasons[x.attribute.split(':').pop()] || '';
    });
  }

  // One entry per element, its attributes under it, each with what it means here.
  function byElement(box, list, reason) {
    box.textContent = '';
    var groups = {};
    list.forEach(function (x) {
      var k = x.file + '#' + (x.element_id || '');
      if (!groups[k]) { groups[k] = document.createElement('ul'); box.appendChild(ignoredGroup(x, groups[k])); }
      var li = document.createElement('li');
      var code = document.createElement('code');
      code.textContent = x.attribute + (x.value ? '="' + x.value + '"' : '');
      li.appendChild(code);
      li.appendChild(document.createTextNode(' ' + reason(x)));
      groups[k].appendChild(li);
    });
  }

  function ignoredGroup(x, ul) {
    var li = document.createElement('li');
    li.className = 'ignored-element';
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'link';
    b.dataset.element = x.element_id || '';
    b.textContent = typeWord(x.element_type) + '「' + (x.element_name || x.element_id || x.file) + '」';
    b.addEventListener('click', function () { reveal(x); });
    var where = document.createElement('span');
    where.className = 'hint';
    where.textContent = ' ' + x.file + (x.element_id ? ' · ' + x.element_id : '');
    li.appendChild(b);
    li.appendChild(where);
    li.appendChild(ul);
    return li;
  }

  // The verdict on the model with what the analyst added but did not save yet.
  function checkNow() {
    return changedFiles().then(function (changed) {
      return api('POST', root.dataset.checkUrl, { changed: changed }).then(function (r) {
        if (!r.ok) { return refused(r); }
        showReview(r.data);
      });
    });
  }

  function refused(r) {
    var err = r.data.error || {};
    showProblems(err.problems || []);
    setStatus(err.message || (T.failed + ' (' + r.status + ')'), 'error');
    return null;
  }

  function save() {
    setStatus(T.saving, 'busy');
    return changedFiles().then(function (files) {
      return api('PUT', root.dataset.draftUrl, { changed: files }).then(function (r) {
        if (!r.ok) { return refused(r); }
        afterSave(files);
        showReview(r.data.review);
        var n = r.data.problems.length;
        if (!n) { $('problems-empty').textContent = T.saved_ok; }
        setStatus(n ? fmt(T.saved_problems, { n: n }) : T.saved_ok, n ? 'error' : 'ok');
        $('btn-discard').disabled = false;
        return r.data.problems;
      });
    });
  }

  function deploy(force) {
    var comment = $('deploy-comment').value.trim();
    if (!comment) { setStatus(T.comment_needed, 'error'); $('deploy-comment').focus(); return; }
    save().then(function (problems) {
      if (problems === null || problems.length) { return; }
      setStatus(T.deploying, 'busy');
      return api('POST', root.dataset.deployUrl, { comment: comment, force: !!force }).then(function (r) {
        if (r.status === 409 && !force) {
          if (window.confirm(fmt(T.conflict, r.data.error || {}))) { deploy(true); }
          return setStatus(r.data.error.message, 'error');
        }
        if (!r.ok) { return refused(r); }
        var mine = r.data.deployed.filter(function (d) { return d.key === root.dataset.key; })[0] || r.data.deployed[0];
        $('deploy-comment').value = '';
        $('btn-discard').disabled = true;
        $('deployed-version').textContent = fmt(T.version, { v: mine.version });
        deployedDraftGone();
        setStatus(fmt(mine.created ? T.deployed : T.unchanged, { v: mine.version }), 'ok');
      });
    });
  }

  // The deploy removed the draft: nothing on the page may still speak of one.
  function deployedDraftGone() {
    var base = $('draft-base');
    if (base) { base.remove(); }
    $('problems-empty').textContent = T.no_problems;
  }

  function discard() {
    if (!window.confirm(T.discard_confirm)) { return; }
    api('DELETE', root.dataset.draftUrl).then(function (r) {
      if (!r.ok) { return refused(r); }
      state.dirty = false;
      window.location.reload();
    });
  }

  function step(which) {
    var ed = state.editors[state.active];
    var stack = ed && ed.stack();
    if (stack) { stack[which](); }
  }

  function addFile(input) {
    var file = input.files[0];
    if (!file) { return; }
    if (!/\.(bpmn|dmn)$/i.test(file.name)) { setStatus(T.bad_file, 'error'); return; }
    file.text().then(function (text) {
      if (state.files[file.name] !== undefined && !window.confirm(fmt(T.replace_file, { name: file.name }))) { return; }
      var old = state.editors[file.name];
      if (old) { old.modeler.destroy(); old.box.remove(); delete state.editors[file.name]; }
      if (state.order.indexOf(file.name) < 0) { state.order.push(file.name); }
      state.files[file.name] = text;
      state.added[file.name] = true;
      markDirty();
      openFile(file.name).then(checkNow);
      input.value = '';
    });
  }

  // ---- start ----------------------------------------------------------------
  function load() {
    setStatus(T.loading, 'busy');
    Promise.all([api('GET', root.dataset.draftUrl), speak]).then(function (both) {
      var r = both[0];
      state.words = both[1];
      if (!r.ok) { return refused(r); }
      state.files = r.data.files;
      var main = r.data.main;   // the file of the process being edited, then the others
      state.order = Object.keys(r.data.files).sort(function (a, b) {
        return ((b === main) - (a === main)) || (isDmn(a) - isDmn(b)) || a.localeCompare(b);
      });
      $('btn-discard').disabled = !r.data.saved;
      setStatus(r.data.saved ? fmt(T.draft_of, { user: r.data.updated_by_name || r.data.updated_by }) : T.from_deployed, '');
      showReview(r.data.review);
      return openFile(state.order[0]);
    });
  }

  $('btn-save').addEventListener('click', save);
  $('btn-deploy').addEventListener('click', function () { deploy(false); });
  $('btn-discard').addEventListener('click', discard);
  $('btn-undo').addEventListener('click', function () { step('undo'); });
  $('btn-redo').addEventListener('click', function () { step('redo'); });
  $('add-file').addEventListener('change', function () { addFile(this); });
  window.addEventListener('beforeunload', function (e) {
    if (state.dirty) { e.preventDefault(); e.returnValue = ''; }
  });
  load();
})();
