// The civicflow properties panel: what civicflow reads from a model
// (docs/modelling.md) for the selected element. Every change goes through
// bpmn-js's command stack (element.updateModdleProperties), so it is undoable
// and lands in the XML that saveXML writes.
(function () {
  'use strict';
  var ROLES = ['intake', 'officer', 'supervisor', 'analyst', 'admin'];
  var TYPES = ['text', 'textarea', 'integer', 'decimal', 'boolean', 'date', 'datetime', 'choice',
    'multichoice', 'email', 'agency', 'agencies', 'case_number'];
  var TIMER_KINDS = ['timeDate', 'timeDuration', 'timeCycle'];
  var TASK_TYPES = ['bpmn:UserTask', 'bpmn:ManualTask'];

  // Several commands as one undo step: the nested commands run inside this one.
  function MultiCommand(commandStack) { this.stack = commandStack; }
  MultiCommand.$inject = ['commandStack'];
  MultiCommand.prototype.preExecute = function (context) {
    var stack = this.stack;
    context.commands.forEach(function (c) { stack.execute(c.cmd, c.context); });
  };

  // An attribute civicflow reads as a yes/no (engine/models/meta.py: "true" in any case).
  function isTrue(value) { return String(value || '').trim().toLowerCase() === 'true'; }

  function isA(bo, type) { return bo && bo.$instanceOf && bo.$instanceOf(type); }

  function extOf(bo, type) {
    var values = (bo.extensionElements && bo.extensionElements.get('values')) || [];
    return values.filter(function (v) { return isA(v, type); })[0] || null;
  }

  function isTask(bo) {
    return TASK_TYPES.some(function (t) { return isA(bo, t); }) || (bo && bo.$type === 'bpmn:Task');
  }

  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  // A bilingual name split as engine/models/task_names.split_bilingual does
  // ("分案 Route (DMN)" -> 分案 / Route (DMN)), then the viewer's half (pick).
  function splitBilingual(name) {
    var text = String(name || '').trim();
    var at = text.search(/[A-Za-z]/);
    if (at < 0) { return [text, '']; }
    return [text.slice(0, at).trim(), text.slice(at).trim()];
  }

  function pickName(name, locale) {
    var parts = splitBilingual(name);
    return locale === 'en' ? (parts[1] || parts[0]) : (parts[0] || parts[1]);
  }

  // The decision a business rule task runs: SpiffWorkflow's calledDecisionId
  // (kept by bpmn-js as an unknown extension element), else Camunda's decisionRef.
  function decisionRef(bo) {
    var values = (bo.extensionElements && bo.extensionElements.get('values')) || [];
    var called = values.filter(function (v) { return /:calledDecisionId$/.test(v.$type || ''); })[0];
    var ref = called ? called.$body : (bo.$attrs || {})['camunda:decisionRef'];
    return String(ref || '').trim();
  }

  function timerOf(bo) {
    return (bo.eventDefinitions || []).filter(function (d) { return isA(d, 'bpmn:TimerEventDefinition'); })[0] || null;
  }

  function Panel(modeler, box, T) {
    this.modeler = modeler;
    this.box = box;
    this.T = T;
    this.element = null;
    this.active = false;
    this.openFields = {};
    this.modeling = modeler.get('modeling');
    this.moddle = modeler.get('moddle');
    this.factory = modeler.get('bpmnFactory');
    this.stack = modeler.get('commandStack');
    this.stack.registerHandler('civicflow.multi', MultiCommand);
    var self = this;
    modeler.on('selection.changed', function (e) {
      var picked = e.newSelection.length === 1 ? e.newSelection[0] : null;
      self.element = picked && picked.type === 'label' ? picked.labelTarget : picked;
      self.render();
    });
    modeler.on('elements.changed', function (e) {
      if (self.element && e.elements.some(function (x) { return x.id === self.element.id; })) { self.render(); }
    });
  }

  Panel.prototype.show = function () { this.active = true; this.render(); };
  Panel.prototype.hide = function () { this.active = false; };

  // ---- commands ---------------------------------------------------------
  Panel.prototype.run = function (commands) {
    if (!commands.length) { return; }
    if (commands.length === 1) { this.stack.execute(commands[0].cmd, commands[0].context); return; }
    this.stack.execute('civicflow.multi', { commands: commands });
  };

  Panel.prototype.upd = function (target, props) {
    return { cmd: 'element.updateModdleProperties',
      context: { element: this.element, moddleElement: target, properties: props } };
  };

  // Commands that add a new extension element `obj` to the element's extensionElements.
  Panel.prototype.addExt = function (obj) {
    var bo = this.element.businessObject;
    var ext = bo.extensionElements;
    var cmds = [];
    if (!ext) {
      ext = this.moddle.create('bpmn:ExtensionElements', { values: [] });
      ext.$parent = bo;
      cmds.push(this.upd(bo, { extensionElements: ext }));
    }
    obj.$parent = ext;
    cmds.push(this.upd(ext, { values: ext.get('values').concat([obj]) }));
    return cmds;
  };

  // Set one attribute of <civicflow:task> / <civicflow:lane>, creating it if needed.
  Panel.prototype.setExtAttr = function (type, attr, value) {
    var props = {};
    props[attr] = value || undefined;
    var found = extOf(this.element.businessObject, type);
    if (found) { this.run([this.upd(found, props)]); return; }
    if (value) { this.run(this.addExt(this.moddle.create(type, props))); }
  };

  // ---- rendering --------------------------------------------------------
  Panel.prototype.render = function () {
    if (!this.active) { return; }
    var focused = document.activeElement && this.box.contains(document.activeElement) ?
      document.activeElement.dataset.k : null;
    this.box.textContent = '';
    var el = this.element;
    if (!el) { this.note(this.T.select_hint); return; }
    var bo = el.businessObject;
    this.heading(el, bo);
    var shown = this.sections(el, bo);
    if (!shown) { this.note(this.T.nothing_here); }
    if (focused) {
      var again = this.box.querySelector('[data-k="' + focused + '"]');
      if (again) { again.focus(); }
    }
  };

  Panel.prototype.sections = function (el, bo) {
    var shown = false;
    if (el.type !== 'bpmn:Process' && el.type !== 'bpmn:Collaboration' && 'name' in bo.$descriptor.propertiesByName) {
      this.nameField(el, bo);
    }
    if (isA(bo, 'bpmn:Lane')) { this.laneSection(bo); shown = true; }
    if (isTask(bo)) { this.taskSection(bo); this.handlingSection(bo); this.formSection(bo); shown = true; }
    if (isA(bo, 'bpmn:Event') && timerOf(bo)) { this.timerSection(bo, timerOf(bo)); shown = true; }
    if (isA(bo, 'bpmn:SequenceFlow')) { this.conditionSection(el, bo); shown = true; }
    return this.runsSection(bo) || shown;
  };

  // What civicflow does with an element it runs by itself (no panel settings).
  Panel.prototype.runsSection = function (bo) {
    var T = this.T;
    if (isA(bo, 'bpmn:BusinessRuleTask')) { this.decisionSection(bo); return true; }
    if (isA(bo, 'bpmn:ScriptTask')) { this.scriptSection(bo); return true; }
    var said = isA(bo, 'bpmn:SubProcess') ? T.runs_subprocess : isA(bo, 'bpmn:CallActivity') ? T.runs_call :
      isA(bo, 'bpmn:Gateway') ? T.runs_gateway : null;
    if (said) { this.note(said, this.group(T.runs_group)); }
    return !!said;
  };

  Panel.prototype.decisionSection = function (bo) {
    var T = this.T;
    var fs = this.group(T.runs_group);
    var ref = decisionRef(bo);
    var name = ref && this.decisionName ? this.decisionName(ref) : null;
    if (!ref) { this.note(T.runs_no_decision, fs); return; }
    var said = name ? T.runs_decision : name === '' ? T.runs_decision_code : T.runs_decision_missing;
    this.note(fmt(said, { name: pickName(name, T.locale) }), fs);
    this.codeLine(ref, fs);
    this.note(T.decision_edit_hint, fs);
  };

  Panel.prototype.scriptSection = function (bo) {
    var T = this.T;
    var fs = this.group(T.runs_group);
    this.note(T.runs_script, fs);
    var label = document.createElement('label');
    label.htmlFor = 'cf-script';
    label.textContent = T.script;
    var text = document.createElement('textarea');
    text.id = 'cf-script';
    text.className = 'code';
    text.readOnly = true;
    text.rows = 6;
    text.spellcheck = false;
    text.value = bo.script || '';
    fs.appendChild(label);
    fs.appendChild(text);
  };

  // The element's own name first (its zh half in Chinese), then its kind; the
  // id only as a small 代碼 line, since analysts know elements by name.
  Panel.prototype.heading = function (el, bo) {
    var h = document.createElement('h2');
    var type = document.createElement('span');
    type.className = 'cf-type';
    type.textContent = this.typeName(bo);
    h.appendChild(type);
    var name = pickName(bo.name, this.T.locale);
    if (name) {
      var n = document.createElement('span');
      n.className = 'cf-name';
      n.textContent = name;
      h.appendChild(document.createTextNode(' '));
      h.appendChild(n);
    }
    this.box.appendChild(h);
    if (bo.id) { this.codeLine(bo.id, this.box); }
  };

  Panel.prototype.codeLine = function (code, parent) {
    var p = document.createElement('p');
    p.className = 'cf-code hint';
    var c = document.createElement('code');
    c.className = 'cf-id';
    c.textContent = code;
    p.appendChild(document.createTextNode(this.T.code + ' '));
    p.appendChild(c);
    parent.appendChild(p);
  };

  // The kind in words; never the bpmn: code (an unknown kind is just 元素).
  Panel.prototype.typeName = function (bo) {
    var types = this.T.types;
    if (isA(bo, 'bpmn:SubProcess') && bo.triggeredByEvent) { return types['bpmn:EventSubProcess']; }
    if (isA(bo, 'bpmn:Event') && timerOf(bo) && types['timer:' + bo.$type]) { return types['timer:' + bo.$type]; }
    return types[bo.$type] || this.T.element;
  };

  Panel.prototype.note = function (text, parent) {
    var p = document.createElement('p');
    p.className = 'hint';
    p.textContent = text;
    (parent || this.box).appendChild(p);
  };

  Panel.prototype.group = function (title, parent) {
    var fs = document.createElement('fieldset');
    var lg = document.createElement('legend');
    lg.textContent = title;
    fs.appendChild(lg);
    (parent || this.box).appendChild(fs);
    return fs;
  };

  // A labelled control; `commit` gets the trimmed value on change.
  Panel.prototype.control = function (parent, spec) {
    var id = 'cf-' + spec.k.replace(/[^\w-]/g, '_');
    var label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = spec.label;
    var input;
    if (spec.options) {
      input = document.createElement('select');
      spec.options.forEach(function (o) {
        var opt = document.createElement('option');
        opt.value = o[0];
        opt.textContent = o[1];
        input.appendChild(opt);
      });
    } else {
      input = document.createElement(spec.multiline ? 'textarea' : 'input');
      if (spec.multiline) { input.rows = 3; }
      if (spec.placeholder) { input.placeholder = spec.placeholder; }
    }
    input.id = id;
    input.dataset.k = spec.k;
    input.value = spec.value == null ? '' : spec.value;
    if (spec.code) { input.className = 'code'; input.spellcheck = false; }
    input.addEventListener('change', function () { spec.commit(input.value.trim()); });
    parent.appendChild(label);
    parent.appendChild(input);
    if (spec.hint) { this.note(spec.hint, parent); }
    return input;
  };

  Panel.prototype.checkbox = function (parent, k, text, checked, commit) {
    var label = document.createElement('label');
    label.className = 'check';
    var box = document.createElement('input');
    box.type = 'checkbox';
    box.id = 'cf-' + k.replace(/[^\w-]/g, '_');
    box.checked = !!checked;
    box.dataset.k = k;
    box.addEventListener('change', function () { commit(box.checked); });
    label.appendChild(box);
    label.appendChild(document.createTextNode(text));
    parent.appendChild(label);
  };

  Panel.prototype.button = function (parent, text, onClick, cls) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = cls || '';
    b.textContent = text;
    b.addEventListener('click', onClick);
    parent.appendChild(b);
    return b;
  };

  function roleOptions(T) {
    return [['', T.role_default]].concat(ROLES.map(function (r) { return [r, T.roles[r] || r]; }));
  }

  // ---- sections ---------------------------------------------------------
  Panel.prototype.nameField = function (el, bo) {
    var self = this;
    this.control(this.box, { k: 'name', label: this.T.name, value: bo.name,
      commit: function (v) { self.modeling.updateLabel(el, v || undefined); } });
  };

  Panel.prototype.laneSection = function (bo) {
    var T = this.T, self = this;
    var ext = extOf(bo, 'civicflow:Lane') || {};
    var fs = this.group(T.lane_group);
    this.note(T.lane_hint, fs);
    this.control(fs, { k: 'lane-agency', label: T.lane_agency, value: ext.agency, code: true,
      placeholder: 'PWB', commit: function (v) { self.setExtAttr('civicflow:Lane', 'agency', v); } });
    this.control(fs, { k: 'lane-role', label: T.role, value: ext.role, options: roleOptions(T),
      commit: function (v) { self.setExtAttr('civicflow:Lane', 'role', v); } });
  };

  Panel.prototype.taskSection = function (bo) {
    var T = this.T, self = this;
    var ext = extOf(bo, 'civicflow:Task') || {};
    var fs = this.group(T.task_group);
    var set = function (attr) { return function (v) { self.setExtAttr('civicflow:Task', attr, v); }; };
    this.control(fs, { k: 'task-agency', label: T.task_agency, value: ext.agency, code: true,
      placeholder: "responsible_agency", hint: T.task_agency_hint, commit: set('agency') });
    this.control(fs, { k: 'task-role', label: T.role, value: ext.role, options: roleOptions(T),
      commit: set('role') });
    this.control(fs, { k: 'task-due', label: T.due, value: ext.due, code: true,
      placeholder: 'working_days(6)', hint: T.due_hint, commit: set('due') });
    this.control(fs, { k: 'task-priority', label: T.priority, value: ext.priority, placeholder: '0',
      commit: set('priority') });
  };

  // What the officer sees beside the form and who may (or gets to) do the task;
  // the labels are the words validation problems use (engine/models/attribute_words.py).
  Panel.prototype.handlingSection = function (bo) {
    var T = this.T, self = this;
    var ext = extOf(bo, 'civicflow:Task') || {};
    var fs = this.group(T.handling_group);
    [['show_fields', 'business_reply'], ['shows', 'content read_back timeline'], ['item', 'office'],
      ['not_by', 'handle'], ['reason', 'extension_reason'], ['adds_days', 'extension_days'],
      ['keep_with', 'handle']].forEach(function (pair) {
      var attr = pair[0];
      self.control(fs, { k: 'task-' + attr.replace('_', '-'), label: T.handling[attr], value: ext[attr],
        code: true, placeholder: pair[1], hint: T.handling_hints[attr],
        commit: function (v) { self.setExtAttr('civicflow:Task', attr, v); } });
    });
  };

  Panel.prototype.timerSection = function (bo, def) {
    var T = this.T, self = this;
    var kind = TIMER_KINDS.filter(function (k) { return def.get(k); })[0] || 'timeDate';
    var expr = def.get(kind);
    var fs = this.group(T.timer_group);
    this.control(fs, { k: 'timer-kind', label: T.timer_kind, value: kind,
      options: TIMER_KINDS.map(function (k) { return [k, T.timer_kinds[k]]; }),
      commit: function (v) {
        var props = {};
        props[kind] = undefined;
        props[v] = expr || self.factory.create('bpmn:FormalExpression', { body: '' });
        if (v !== kind) { self.run([self.upd(def, props)]); }
      } });
    this.control(fs, { k: 'timer-expr', label: T.timer_expr, value: expr && expr.body, code: true,
      placeholder: 'before_working_days(due_at, 1)', hint: T.timer_hint,
      commit: function (v) {
        if (expr) { self.run([self.upd(expr, { body: v })]); return; }
        var props = {};
        props[kind] = self.factory.create('bpmn:FormalExpression', { body: v });
        self.run([self.upd(def, props)]);
      } });
    if (isA(bo, 'bpmn:BoundaryEvent')) {
      this.checkbox(fs, 'timer-interrupting', T.interrupting, bo.cancelActivity !== false, function (on) {
        self.modeling.updateProperties(self.element, { cancelActivity: on });
      });
    }
  };

  Panel.prototype.conditionSection = function (el, bo) {
    var T = this.T, self = this;
    var fs = this.group(T.condition_group);
    var source = bo.sourceRef;
    if (source && source.default === bo) { this.note(T.default_flow, fs); return; }
    this.control(fs, { k: 'condition', label: T.condition, multiline: true, code: true,
      value: bo.conditionExpression && bo.conditionExpression.body,
      placeholder: "handling_action == 'reply'", hint: T.condition_hint,
      commit: function (v) {
        var expr = bo.conditionExpression;
        if (!v) { self.modeling.updateProperties(el, { conditionExpression: undefined }); return; }
        if (expr) { self.run([self.upd(expr, { body: v })]); return; }
        self.modeling.updateProperties(el, {
          conditionExpression: self.factory.create('bpmn:FormalExpression', { body: v }) });
      } });
  };

  window.CivicflowPanel = Panel;
  window.CivicflowPanel.extOf = extOf;
  window.CivicflowPanel.TYPES = TYPES;
  window.CivicflowPanel.isTrue = isTrue;
  window.CivicflowPanel.pickName = pickName;
})();
