/* Dashboard charts (Chart.js, vendored) and the sortable ranking. Data comes from json_script. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var lang = document.documentElement.lang === "en" ? "en-GB" : "vi-VN";
  var pct = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var whole = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  var billions = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var colors = { cases: "#0b5cad", money: "#c26a00", target: "#b3261e", previous: "#8a99a8",
    parts: ["#1e7b34", "#0b5cad", "#d9a400", "#a86400", "#b3261e"] };
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;  // instant on slow office machines, and stable for screenshots
  Chart.defaults.maintainAspectRatio = false;

  function rateTick(value) { return whole.format(value) + " %"; }
  function rateLabel(ctx) {
    return ctx.dataset.label + ": " + (ctx.parsed.y === null || ctx.parsed.x === null ? "—" :
      pct.format(ctx.chart.options.indexAxis === "y" ? ctx.parsed.x : ctx.parsed.y) + " %");
  }

  // Rate by unit (or officer), with each unit's target as a line of points.
  var units = data.units;
  var unitsCanvas = document.getElementById("chart-units");
  if (unitsCanvas && units.length) {
    var horizontal = units.length > 8;
    var datasets = [
      { type: "bar", label: data.labels.cases_rate, data: units.map(function (u) { return u.cases_rate; }), backgroundColor: colors.cases },
      { type: "bar", label: data.labels.money_rate, data: units.map(function (u) { return u.money_rate; }), backgroundColor: colors.money },
    ];
    var hasTarget = units.some(function (u) { return u.cases_target !== null && u.cases_target !== undefined; });
    if (hasTarget) {
      datasets.push({ type: "line", label: data.labels.target + " (" + data.labels.cases_rate + ")", showLine: false,
        data: units.map(function (u) { return u.cases_target; }), borderColor: colors.target, backgroundColor: colors.target,
        pointStyle: "line", pointRadius: 14, pointBorderWidth: 3, indexAxis: horizontal ? "y" : "x" });
      datasets.push({ type: "line", label: data.labels.target + " (" + data.labels.money_rate + ")", showLine: false,
        data: units.map(function (u) { return u.money_target; }), borderColor: "#6b1a12", backgroundColor: "#6b1a12",
        pointStyle: "dash", pointRadius: 14, pointBorderWidth: 3, indexAxis: horizontal ? "y" : "x" });
    }
    unitsCanvas.parentNode.style.height = horizontal ? Math.max(320, units.length * 34) + "px" : "";
    var valueAxis = { min: 0, max: 100, ticks: { callback: rateTick } };
    new Chart(unitsCanvas, {
      data: { labels: units.map(function (u) { return u.label; }), datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        scales: horizontal ? { x: valueAxis } : { y: valueAxis },
        plugins: { tooltip: { callbacks: { label: rateLabel } }, legend: { position: "bottom" } },
        onClick: function (event, elements) {
          if (!elements.length) { return; }
          var unit = units[elements[0].index];
          if (unit.url) { window.location.href = unit.url; }
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length && units[elements[0].index].url ? "pointer" : "default";
        },
      },
    });
  }

  // Cumulative rate month by month, this statistical year against the previous one.
  var series = data.series;
  var seriesCanvas = document.getElementById("chart-series");  // absent for a period without data
  if (seriesCanvas) new Chart(seriesCanvas, {
    type: "line",
    data: {
      labels: data.months,
      datasets: [
        { label: data.labels.cases_rate + " · " + data.labels.current, data: series.cases.current, borderColor: colors.cases, backgroundColor: colors.cases },
        { label: data.labels.cases_rate + " · " + data.labels.previous, data: series.cases.previous, borderColor: colors.cases, borderDash: [5, 4], backgroundColor: "#fff", pointStyle: "rect" },
        { label: data.labels.money_rate + " · " + data.labels.current, data: series.money.current, borderColor: colors.money, backgroundColor: colors.money },
        { label: data.labels.money_rate + " · " + data.labels.previous, data: series.money.previous, borderColor: colors.money, borderDash: [5, 4], backgroundColor: "#fff", pointStyle: "rect" },
      ],
    },
    options: {
      scales: { y: { min: 0, max: 100, ticks: { callback: rateTick } } },
      plugins: { tooltip: { callbacks: { label: rateLabel } }, legend: { position: "bottom" } },
    },
  });

  // What is to be enforced: completed, in progress, postponed, suspended, unable. Click to list.
  ["cases", "money"].forEach(function (unit) {
    var parts = data.composition[unit];
    var canvas = document.getElementById("chart-composition-" + unit);
    if (!canvas) return;
    new Chart(canvas, {
      type: "doughnut",
      data: { labels: parts.map(function (p) { return p.label; }),
        datasets: [{ data: parts.map(function (p) { return unit === "money" ? p.value / 1e9 : p.value; }), backgroundColor: colors.parts }] },
      options: {
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: function (ctx) {
            return ctx.label + ": " + (unit === "money" ? billions.format(ctx.parsed) + " " + data.labels.billion
              : whole.format(ctx.parsed) + " " + data.labels.cases);
          } } },
        },
        onClick: function (event, elements) {
          if (elements.length) { window.location.href = parts[elements[0].index].url; }
        },
        onHover: function (event, elements) { event.native.target.style.cursor = elements.length ? "pointer" : "default"; },
      },
    });
  });

  // The ranking: tabs for cases and money, and sorting by any column.
  document.querySelectorAll(".tabs button").forEach(function (tab) {
    tab.addEventListener("click", function () {
      document.querySelectorAll(".tabs button").forEach(function (t) { t.setAttribute("aria-selected", t === tab ? "true" : "false"); });
      document.querySelectorAll(".ranking-table").forEach(function (panel) { panel.hidden = panel.dataset.panel !== tab.dataset.tab; });
    });
  });
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th button.sort").forEach(function (button, column) {
      button.addEventListener("click", function () {
        var th = button.parentNode;
        var descending = th.getAttribute("aria-sort") !== "descending";
        table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var text = th.dataset.type === "text";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].dataset.value, y = b.cells[column].dataset.value;
          if (text) { return (descending ? -1 : 1) * x.localeCompare(y, lang); }
          // Empty values (no rate, no target) always go last.
          if (x === "" || y === "") { return (x === "") - (y === ""); }
          return (descending ? -1 : 1) * (parseFloat(x) - parseFloat(y));
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
