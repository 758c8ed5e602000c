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

  function label(step) {
    var median = step.median === null ? '—' : step.median;
    var allowed = step.allowed === null ? '—' : step.allowed;
    var rate = step.rate === null ? '' : ' · ' + step.rate + '%';
    return median + ' d / ' + allowed + ' d' + rate;
  }

  function heat(viewer, steps) {
    var canvas = viewer.get('canvas');
    var registry = viewer.get('elementRegistry');
    var overlays = viewer.get('overlays');
    Object.keys(steps).forEach(function (id) {
      if (!registry.get(id)) { return; }
      var step = steps[id];
      canvas.addMarker(id, 'heat-' + step.level);
      var badge = document.createElement('div');
      badge.className = 'heat-badge heat-' + step.level;
      badge.textContent = label(step);
      badge.title = step.completed + ' ✓';
      overlays.add(id, 'heat', { position: { bottom: -4, left: 0 }, html: badge });
    });
  }

  function heatDiagram() {
    var box = document.getElementById('heat-diagram');
    if (!box || !window.BpmnJS) { return; }
    var viewer = new window.BpmnJS({ container: box });
    fetch(box.dataset.src, { credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () {
        viewer.get('canvas').zoom('fit-viewport');
        heat(viewer, JSON.parse(box.dataset.steps));
        box.classList.add('ready');
      })
      .catch(function (err) { box.textContent = 'diagram unavailable (' + err.message + ')'; });
  }

  trendChart();
  heatDiagram();
})();
