// The task form part of the civicflow panel: <civicflow:form> fields and
// their choices, added, removed and edited through the command stack.
(function () {
  'use strict';
  var Panel = window.CivicflowPanel;
  if (!Panel) { return; }
  var extOf = Panel.extOf;
  var FIELD_ATTRS = ['label_zh', 'label_en', 'maxlength', 'min', 'max', 'default', 'starts_from', 'when', 'example'];
  var isTrue = Panel.isTrue;

  Panel.prototype.formSection = function (bo) {
    var T = this.T, self = this;
    var form = extOf(bo, 'civicflow:Form');
    var fields = form ? form.get('fields') : [];
    var fs = this.group(T.form_group + ' (' + fields.length + ')');
    fields.forEach(function (f, i) { self.fieldEditor(fs, form, f, i); });
    this.button(fs, T.add_field, function () { self.addField(form, fields.length); }, 'small');
  };

  Panel.prototype.addField = function (form, count) {
    var field = this.moddle.create('civicflow:Field', { name: 'field_' + (count + 1), type: 'text' });
    this.openFields[this.element.id + '#' + count] = true;
    if (form) {
      field.$parent = form;
      this.run([this.upd(form, { fields: form.get('fields').concat([field]) })]);
      return;
    }
    form = this.moddle.create('civicflow:Form', { fields: [field] });
    field.$parent = form;
    this.run(this.addExt(form));
  };

  Panel.prototype.fieldEditor = function (parent, form, f, i) {
    var T = this.T, self = this;
    var key = this.element.id + '#' + i;
    var box = document.createElement('details');
    box.className = 'cf-field';
    box.open = !!this.openFields[key];
    box.addEventListener('toggle', function () { self.openFields[key] = box.open; });
    var summary = document.createElement('summary');
    summary.textContent = (f.name || '?') + ' · ' + (T.field_types[f.type || 'text'] || f.type) +
      (isTrue(f.required) ? ' *' : '');
    box.appendChild(summary);
    parent.appendChild(box);
    var k = 'f' + i + '-';
    var set = function (attr) {
      return function (v) { var p = {}; p[attr] = v || undefined; self.run([self.upd(f, p)]); };
    };
    this.control(box, { k: k + 'name', label: T.field_name, value: f.name, code: true, commit: set('name') });
    this.control(box, { k: k + 'type', label: T.field_type, value: f.type || 'text', commit: set('type'),
      options: Panel.TYPES.map(function (t) { return [t, T.field_types[t] || t]; }) });
    // A ticked box is written as "true", an unticked one as "false" (read as false either way).
    this.checkbox(box, k + 'required', T.required, isTrue(f.required), function (on) {
      self.run([self.upd(f, { required: on ? 'true' : 'false' })]);
    });
    if (f.type === 'boolean') { this.yesNoKind(box, f, k); }
    FIELD_ATTRS.forEach(function (attr) {
      if (attr === 'default' && f.type === 'boolean') {
        self.checkbox(box, k + attr, T.field_attrs[attr], isTrue(f.get(attr)), function (on) {
          self.run([self.upd(f, { 'default': on ? 'true' : 'false' })]);
        });
        return;
      }
      self.control(box, { k: k + attr, label: T.field_attrs[attr], value: f.get(attr), commit: set(attr) });
    });
    if (f.type === 'choice' || f.type === 'multichoice') { this.choicesEditor(box, f, k); }
    this.button(box, T.remove_field, function () {
      delete self.openFields[key];
      self.run([self.upd(form, { fields: form.get('fields').filter(function (x) { return x !== f; }) })]);
    }, 'small danger');
  };

  // What a yes/no box asks: a decision (either answer, chosen on purpose) or a
  // confirmation (only a tick completes the step). The engine refuses both at
  // once (meta._yes_no_problems), so ticking one clears the other in one undo step.
  Panel.prototype.yesNoKind = function (parent, f, k) {
    var T = this.T, self = this;
    [['decision', 'confirm'], ['confirm', 'decision']].forEach(function (pair) {
      self.checkbox(parent, k + pair[0], T[pair[0]], isTrue(f.get(pair[0])), function (on) {
        var p = {};
        p[pair[0]] = on ? 'true' : undefined;
        if (on) { p[pair[1]] = undefined; }
        self.run([self.upd(f, p)]);
      });
      self.note(T[pair[0] + '_hint'], parent);
    });
  };

  Panel.prototype.choicesEditor = function (parent, f, k) {
    var T = this.T, self = this;
    var choices = f.get('choices');
    var table = document.createElement('table');
    table.className = 'cf-choices';
    var head = table.insertRow();
    [T.choice_value, T.field_attrs.label_zh, T.field_attrs.label_en, ''].forEach(function (h) {
      var th = document.createElement('th');
      th.textContent = h;
      head.appendChild(th);
    });
    choices.forEach(function (c, j) { self.choiceRow(table, f, c, k + 'c' + j + '-'); });
    parent.appendChild(table);
    this.button(parent, T.add_choice, function () {
      var c = self.moddle.create('civicflow:Choice', { value: 'value_' + (choices.length + 1) });
      c.$parent = f;
      self.run([self.upd(f, { choices: choices.concat([c]) })]);
    }, 'small');
  };

  Panel.prototype.choiceRow = function (table, f, c, k) {
    var self = this;
    var row = table.insertRow();
    ['value', 'label_zh', 'label_en'].forEach(function (attr) {
      var input = document.createElement('input');
      input.value = c.get(attr) || '';
      input.dataset.k = k + attr;
      input.setAttribute('aria-label', attr);
      input.addEventListener('change', function () {
        var p = {};
        p[attr] = input.value.trim() || undefined;
        self.run([self.upd(c, p)]);
      });
      row.insertCell().appendChild(input);
    });
    this.button(row.insertCell(), '×', function () {
      self.run([self.upd(f, { choices: f.get('choices').filter(function (x) { return x !== c; }) })]);
    }, 'small danger').setAttribute('aria-label', self.T.remove_choice);
  };
})();
