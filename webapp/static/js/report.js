// The period report's charts (Chart.js, vendored) and its print button.
// Each <canvas class="report-chart"> carries its data in data-chart, built
// on the server from the same table the page shows.
(function () {
  "use strict";
  var COLOURS = ["#1f5f8b", "#d9822b", "#3a8f5c", "#b23b3b", "#7a5ea8", "#8c8c8c"];
  var charts = [];

  function options(spec) {
    var axis = { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } };
    if (spec.percent) { axis.max = 100; axis.ticks = { callback: function (v) { return v + "%"; } }; }
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { stacked: spec.stacked }, y: axis },
      plugins: { legend: { position: "bottom" } }
    };
  }

  function draw(canvas) {
    var spec = JSON.parse(canvas.getAttribute("data-chart"));
    var datasets = spec.datasets.map(function (d, i) {
      return { label: d.label, data: d.data, backgroundColor: COLOURS[i % COLOURS.length] };
    });
    charts.push(new window.Chart(canvas, {
      type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options(spec)
    }));
  }

  function init() {
    if (window.Chart) {
      // Axis labels and legends readable at 100% (Chart.js draws 12 px grey).
      window.Chart.defaults.font.size = 14;
      window.Chart.defaults.color = "#1f2328";
      document.querySelectorAll("canvas.report-chart").forEach(draw);
    }
    var button = document.getElementById("print-report");
    if (button) { button.addEventListener("click", function () { window.print(); }); }
    // Paper is narrower than the screen: redraw at the printed size.
    window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
