// Charts (templates/includes/chart.html): each canvas.mw-chart carries its labels and series as JSON in data-*
// attributes; Chart.js (served locally) draws it. A click on a bar or point opens the list behind it (the
// series' "links"); the data table under each chart says the same in text (opened for printing).
(function () {
  "use strict";
  var COLORS = ["#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997"];

  function parse(el, name) {
    try {
      return JSON.parse(el.getAttribute(name) || "[]");
    } catch (e) {
      return [];
    }
  }

  function draw(canvas) {
    var kind = canvas.getAttribute("data-chart") || "bar";
    var labels = parse(canvas, "data-labels");
    var series = parse(canvas, "data-series");
    if (kind === "rank") series = series.slice(0, 1);
    var horizontal = kind === "hbar";
    var type = kind === "line" || kind === "rank" ? "line" : "bar";
    var max = canvas.getAttribute("data-max");
    var datasets = series.map(function (s, i) {
      var color = COLORS[i % COLORS.length];
      return {
        label: s.label,
        data: s.data,
        links: s.links || [],
        borderColor: color,
        backgroundColor: type === "bar" ? color + "cc" : color,
        tension: 0,
        pointRadius: 4,
        pointHoverRadius: 6,
      };
    });
    var valueAxis = { beginAtZero: true, ticks: { precision: 0 } };
    if (max) valueAxis.max = Number(max);
    if (kind === "rank") {
      valueAxis = { reverse: true, beginAtZero: false, min: 1, ticks: { precision: 0 } };
    }
    var scales = horizontal ? { x: valueAxis, y: { ticks: { autoSkip: false } } } : { y: valueAxis };
    var chart = new window.Chart(canvas, {
      type: type,
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "nearest", intersect: true },
        plugins: { legend: { display: datasets.length > 1, position: "bottom" } },
        scales: scales,
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        },
        onClick: function (event, elements) {
          if (!elements.length) return;
          var hit = elements[0];
          var link = (datasets[hit.datasetIndex].links || [])[hit.index];
          if (link && link.charAt(0) === "/" && link.charAt(1) !== "/") window.location.assign(link);
        },
      },
    });
    canvas.mwChart = chart;
    canvas.setAttribute("data-drawn", "1");
  }

  function drawAll() {
    document.querySelectorAll("canvas.mw-chart").forEach(draw);
  }

  function start() {
    if (!window.Chart) return;
    // Canvas text does not fall back like page text: give Chart.js the page's font stack (Chinese faces
    // included) and draw once the Chinese face is loaded, so that labels never show as empty boxes.
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    if (document.fonts && document.fonts.load) {
      document.fonts.load('12px "Noto Sans SC"', "街道隐患").then(drawAll, drawAll);
    } else {
      drawAll();
    }
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details.chart-table").forEach(function (d) {
        d.open = true;
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
