// A long bulk run with progress (webapp/bulk_progress.py): instead of one
// request that waits for every item, the form's selection is resolved once
// (the "plan"), then posted 25 items a request. Each item is sent once: a
// conflict is reported, never retried, and a stopped run leaves what was done
// done. Without this script the form posts once and the summary page follows.
(function () {
  'use strict';
  var BATCH = 25;

  function fill(template, values) {
    return template.replace(/%([a-z])/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }

  function post(url, body) {
    return fetch(url, {method: 'POST', body: body, credentials: 'same-origin',
                       headers: {'Accept': 'application/json'}})
      .then(function (resp) {
        return resp.json().catch(function () { return null; })
          .then(function (data) { return {status: resp.status, data: data}; });
      });
  }

  function Run(form, panel) {
    this.form = form;
    this.panel = panel;
    this.bar = panel.querySelector('#bulk-bar');
    this.status = panel.querySelector('#bulk-status');
    this.tbody = panel.querySelector('#bulk-missed tbody');
    this.counts = {done: 0, conflicts: 0, refused: 0};
  }

  // The action's fields (not the ticks) go with every batch.
  Run.prototype.fields = function () {
    var body = new FormData();
    ['csrf_token', 'action', 'officer', 'agency', 'reason'].forEach(function (name) {
      var el = this.form.elements.namedItem(name);
      if (el && el.value !== undefined) { body.append(name, el.value); }
    }, this);
    return body;
  };

  Run.prototype.start = function (plan) {
    this.plan = plan;
    this.add(plan);
    document.querySelectorAll('#main > *').forEach(function (el) {
      if (!el.contains(this.panel) && el.tagName !== 'H1') { el.hidden = true; }
    }, this);
    this.panel.hidden = false;
    this.bar.max = Math.max(plan.total, 1);
    this.show();
    this.next(0);
  };

  Run.prototype.add = function (answer) {
    this.counts.done += answer.done || 0;
    this.counts.conflicts += answer.conflicts || 0;
    this.counts.refused += answer.refused || 0;
    if (answer.rows) { this.tbody.insertAdjacentHTML('beforeend', answer.rows); }
  };

  Run.prototype.handled = function () {
    return this.counts.done + this.counts.conflicts + this.counts.refused;
  };

  Run.prototype.show = function () {
    var c = this.counts;
    this.bar.value = this.handled();
    this.status.textContent = fill(this.panel.getAttribute('data-progress'), {
      h: this.handled(), t: this.plan.total, o: c.done, c: c.conflicts, r: c.refused});
  };

  Run.prototype.next = function (start) {
    var items = this.plan.items.slice(start, start + BATCH);
    if (!items.length) { this.finish(); return; }
    var body = this.fields();
    items.forEach(function (value) { body.append(this.plan.field || 'task', value); }, this);
    var run = this;
    post(this.panel.getAttribute('data-batch'), body).then(function (answer) {
      if (answer.status !== 200 || !answer.data) { run.stop('data-refused'); return; }
      run.add(answer.data);
      run.show();
      run.next(start + BATCH);
    }, function () { run.stop('data-lost'); });
  };

  Run.prototype.stop = function (reason) {
    this.status.textContent = fill(this.panel.getAttribute('data-stopped'),
                                   {e: this.panel.getAttribute(reason)});
    this.finish();
  };

  Run.prototype.finish = function () {
    var missed = this.counts.conflicts + this.counts.refused;
    var heading = document.querySelector('#main h1');
    if (heading) { heading.textContent = this.panel.getAttribute('data-title'); }
    document.title = this.panel.getAttribute('data-title');
    this.panel.querySelector('#bulk-done').textContent = fill(this.plan.lead, {n: this.counts.done});
    var count = this.panel.querySelector('#bulk-missed-count');
    count.textContent = fill(this.panel.getAttribute('data-missed'), {m: missed});
    count.hidden = missed === 0;
    this.panel.querySelector('#bulk-missed').hidden = missed === 0;
    this.panel.querySelector('#bulk-all-done').hidden = missed > 0 || this.handled() < this.plan.total;
    var back = this.panel.querySelector('#bulk-back');
    back.querySelector('a').href = this.plan.back;
    if (this.counts.done > 0 && this.plan.also) { back.insertAdjacentHTML('beforeend', this.plan.also); }
    back.hidden = false;
    this.panel.querySelector('#bulk-leave-hint').hidden = true;
    this.panel.querySelector('#bulk-progress-title').textContent = this.panel.getAttribute('data-ended');
    this.panel.querySelector('#bulk-summary').hidden = false;
  };

  function init() {
    var form = document.getElementById('bulk-form');
    var panel = document.getElementById('bulk-runner');
    if (!form || !panel || !window.fetch || !window.FormData) { return; }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = form.querySelector('#bulk-run');
      if (button) { button.disabled = true; }
      var run = new Run(form, panel);
      post(panel.getAttribute('data-plan'), new FormData(form)).then(function (answer) {
        if (answer.status === 200 && answer.data) { run.start(answer.data); return; }
        // Fields in error (or anything else): the plain post shows them beside the fields.
        form.submit();
      }, function () { form.submit(); });
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', init); } else { init(); }
}());
