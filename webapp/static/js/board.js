// The deadline board: the weekly trend chart (Chart.js) and the steps of a
// process on its BPMN diagram as a heat overlay (bpmn-js markers + overlays).
(function () {
  function trendChart() {
    var canvas = document.getElementById('trend-chart');
    if (!canvas || !window.Chart) { return; }
    var d = JSON.parse(canvas.dataset.weeks);
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

  // "%m 天 / %a 天" in Chinese, "%m d / %a d" in English: the page's data-label.
  var DAYS = '%m d / %a d';

  function label(step) {
    var median = step.median === null ? '—' : step.median;
    var allowed = step.allowed === null ? '—' : step.allowed;
    var rate = step.rate === null ? '' : ' · ' + step.rate + '%';
    return DAYS.replace('%m', String(median)).replace('%a', String(allowed)) + rate;
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

  function badge(overlays, id, level, lines) {
    var div = document.createElement('div');
    div.className = 'heat-badge heat-' + level;
    div.textContent = lines.join('\n');
    overlays.add(id, 'heat', { position: { bottom: -4, left: 0 }, html: div });
  }

  function heat(viewer, steps) {
    var canvas = viewer.get('canvas');
    var registry = viewer.get('elementRegistry');
    var overlays = viewer.get('overlays');
    var root = canvas.getRootElement();
    var folded = {};
    Object.keys(steps).forEach(function (id) {
      var element = registry.get(id);
      if (!element) { return; }
      var step = steps[id];
      canvas.addMarker(id, 'heat-' + step.level);
      badge(overlays, id, step.level, [label(step)]);
      if (rootOf(element) !== root) {
        var shape = shownOn(registry, root, element);
        if (!shape) { return; }
        var f = folded[shape.id] = folded[shape.id] || { level: 'none', lines: [] };
        if (RANK[step.level] > RANK[f.level]) { f.level = step.level; }
        f.lines.push((element.businessObject.name || id).split(' ')[0] + ' ' + label(step));
      }
    });
    Object.keys(folded).forEach(function (id) {
      canvas.addMarker(id, 'heat-' + folded[id].level);
      badge(overlays, id, folded[id].level, folded[id].lines);
    });
  }

  function heatDiagram() {
    var box = document.getElementById('heat-diagram');
    if (!box || !window.BpmnJS) { return; }
    DAYS = box.dataset.label || DAYS;
    window.civicflowDiagram(box, function (viewer) {
      heat(viewer, JSON.parse(box.dataset.steps));
      box.classList.add('ready');
    });
  }

  trendChart();
  heatDiagram();
})();
