// The deadline board: the weekly trend chart (Chart.js) and the steps of a
// process on its BPMN diagram as a heat overlay (bpmn-js markers + overlays).
(function () {
  // Chart.js draws its axis labels and legend at 12 px in grey: at 100% a
  // supervisor reads 14 px in near-black; autoSkip and rotation keep the
  // weeks' labels apart at that size.
  function readable(Chart) {
    Chart.defaults.font.size = 14;
    Chart.defaults.color = '#1f2328';
  }

  function trendChart() {
    var canvas = document.getElementById('trend-chart');
    if (!canvas || !window.Chart) { return; }
    var d = JSON.parse(canvas.dataset.weeks);
    readable(window.Chart);
    new window.Chart(canvas, {
      data: {
        labels: d.labels,
        datasets: [
          { type: 'bar', label: d.names.on_time, data: d.on_time, backgroundColor: '#4c9a6a', stack: 'done', yAxisID: 'y' },
          { type: 'bar', label: d.names.late, data: d.late, backgroundColor: '#d0574b', stack: 'done', yAxisID: 'y' },
          { type: 'bar', label: d.names.no_due, data: d.no_due, backgroundColor: '#b8c2cc', stack: 'done', yAxisID: 'y' },
          { type: 'line', label: d.names.rate, data: d.rate, borderColor: '#1f5f99', backgroundColor: '#1f5f99', yAxisID: 'rate', spanGaps: true }
        ]
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, position: 'left' },
          rate: { min: 0, max: 100, position: 'right', grid: { drawOnChartArea: false } }
        }
      }
    });
  }

  // "%m 天 / %a 天" in Chinese, "%m d / %a d" in English: the page's data-label;
  // "準時 %r%" / "%r% on time": its data-rate.
  var DAYS = '%m d / %a d';
  var RATE = '%r% on time';

  // A badge's lines: the days, then the on-time rate (two short lines, not one
  // long one: neighbouring steps' badges stay apart at a readable size).
  function lines(step) {
    var median = step.median === null ? '—' : step.median;
    var allowed = step.allowed === null ? '—' : step.allowed;
    var days = DAYS.replace('%m', String(median)).replace('%a', String(allowed));
    return step.rate === null ? [days] : [days, RATE.replace('%r', String(step.rate))];
  }

  var RANK = { none: 0, ok: 1, warn: 2, bad: 3 };

  function rootOf(element) {
    while (element.parent) { element = element.parent; }
    return element;
  }

  // A step inside a collapsed subprocess lives on its own drill-down plane:
  // its figures are also shown on the subprocess shape the top plane shows.
  function shownOn(registry, root, element) {
    var bo = element.businessObject.$parent;
    while (bo) {
      var shape = registry.get(bo.id);
      if (shape && rootOf(shape) === root) { return shape; }
      bo = bo.$parent;
    }
    return null;
  }

  // The badges keep their size when the diagram is drawn small (scale.min):
  // scaled with it they were 4 px high on a whole process fitted to the page.
  // Below the shape, or below the timers on its lower edge when it has some.
  function badge(overlays, element, level, text) {
    var div = document.createElement('div');
    div.className = 'heat-badge heat-' + level;
    div.textContent = text.join('\n');
    var below = element.attachers && element.attachers.length ? -22 : -4;
    overlays.add(element.id, 'heat', { position: { bottom: below, left: 0 }, html: div,
                                       scale: { min: 1, max: 1.5 } });
  }

  function heat(viewer, steps) {
    var canvas = viewer.get('canvas');
    var registry = viewer.get('elementRegistry');
    var overlays = viewer.get('overlays');
    var root = canvas.getRootElement();
    var folded = {};
    var shown = [];   // the shapes with figures on the top plane
    Object.keys(steps).forEach(function (id) {
      var element = registry.get(id);
      if (!element) { return; }
      var step = steps[id];
      canvas.addMarker(id, 'heat-' + step.level);
      badge(overlays, element, step.level, lines(step));
      if (rootOf(element) === root) { shown.push(element); return; }
      var shape = shownOn(registry, root, element);
      if (!shape) { return; }
      var f = folded[shape.id] = folded[shape.id] || { level: 'none', lines: [] };
      if (RANK[step.level] > RANK[f.level]) { f.level = step.level; }
      // the step's name above its figures: a folded shape lists several
      f.lines.push.apply(f.lines, [(element.businessObject.name || id).split(' ')[0]].concat(lines(step)));
    });
    Object.keys(folded).forEach(function (id) {
      canvas.addMarker(id, 'heat-' + folded[id].level);
      badge(overlays, registry.get(id), folded[id].level, folded[id].lines);
      shown.push(registry.get(id));
    });
    return shown;
  }

  // Below this scale a step's name (11 px in the model) is too small to read.
  var READABLE = 0.8;
  var MARGIN = 60;   // around the shapes; the badges below and right of them need more

  // A whole process fitted to the page is drawn a third of its size: show
  // the steps with figures at a readable scale instead (the rest is a drag
  // or the "whole diagram" button away).
  function focus(canvas, shapes) {
    var vb = canvas.viewbox();
    if (vb.scale >= READABLE || !shapes.length) { return; }
    var x0 = Math.min.apply(null, shapes.map(function (s) { return s.x; })) - MARGIN;
    var y0 = Math.min.apply(null, shapes.map(function (s) { return s.y; })) - MARGIN;
    var x1 = Math.max.apply(null, shapes.map(function (s) { return s.x + s.width; })) + 2 * MARGIN;
    var y1 = Math.max.apply(null, shapes.map(function (s) { return s.y + s.height; })) + 3 * MARGIN;
    var fits = Math.min(vb.outer.width / (x1 - x0), vb.outer.height / (y1 - y0));
    var scale = Math.min(1, Math.max(READABLE, fits));
    var w = vb.outer.width / scale, h = vb.outer.height / scale;
    // too wide or tall to show whole: from its first steps, as the process reads
    var x = x1 - x0 > w ? x0 : (x0 + x1 - w) / 2;
    var y = y1 - y0 > h ? y0 : (y0 + y1 - h) / 2;
    canvas.viewbox({ x: x, y: y, width: w, height: h });
  }

  function controls(canvas, shapes) {
    var bar = document.getElementById('heat-zoom');
    if (!bar) { return; }
    var acts = {
      'in': function () { canvas.zoom(canvas.zoom() * 1.25); },
      'out': function () { canvas.zoom(canvas.zoom() / 1.25); },
      'steps': function () { canvas.zoom('fit-viewport'); focus(canvas, shapes); },
      'whole': function () { canvas.zoom('fit-viewport'); }
    };
    bar.querySelectorAll('button[data-zoom]').forEach(function (button) {
      button.addEventListener('click', acts[button.dataset.zoom]);
    });
    bar.hidden = false;
  }

  function heatDiagram() {
    var box = document.getElementById('heat-diagram');
    if (!box || !window.BpmnJS) { return; }
    DAYS = box.dataset.label || DAYS;
    RATE = box.dataset.rate || RATE;
    window.civicflowDiagram(box, function (viewer) {
      var canvas = viewer.get('canvas');
      var shapes = heat(viewer, JSON.parse(box.dataset.steps));
      focus(canvas, shapes);
      controls(canvas, shapes);
      box.classList.add('ready');
    });
  }

  trendChart();
  heatDiagram();
})();
