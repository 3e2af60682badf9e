/* Dashboard charts (Chart.js, vendored) and the sortable ranking. Data comes from json_script. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var lang = document.documentElement.lang === "en" ? "en-GB" : "vi-VN";
  var pct = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var whole = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  var billions = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var colors = { cases: "#0b5cad", money: "#c26a00", target: "#1d2733", previous: "#8a99a8",
    good: "#2e8540", bad: "#c62828", none: "#9aa7b4",
    parts: ["#1e7b34", "#0b5cad", "#d9a400", "#a86400", "#b3261e"] };
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;  // instant on slow office machines, and stable for screenshots
  Chart.defaults.maintainAspectRatio = false;

  function rateTick(value) { return whole.format(value) + " %"; }
  function rateLabel(ctx) {
    return ctx.dataset.label + ": " + (ctx.parsed.y === null || ctx.parsed.x === null ? "—" :
      pct.format(ctx.chart.options.indexAxis === "y" ? ctx.parsed.x : ctx.parsed.y) + " %");
  }
  function percent(value) { return value === null || value === undefined ? "—" : pct.format(value) + " %"; }
  // A gap in percentage points: "+1,15", "−0,35" (a true minus sign), "0,00".
  function points(gap) {
    var text = pct.format(Math.abs(gap));
    if (text === pct.format(0)) { return data.labels.points.replace("{points}", text); }
    return data.labels.points.replace("{points}", (gap > 0 ? "+" : "\u2212") + text);
  }

  // Rate by unit (or officer), one chart by cases and one by money: each bar green at or above its
  // target, red below it, grey without one; the target a dark mark across the bar.
  var units = data.units;
  var statusColors = { good: colors.good, bad: colors.bad, none: colors.none };
  function unitsChart(canvas, unit) {
    var horizontal = units.length > 8;
    var bars = units.map(function (u) { return u[unit]; });
    var datasets = [{
      type: "bar", label: data.labels[unit + "_bar"], data: bars.map(function (b) { return b.rate; }),
      backgroundColor: bars.map(function (b) { return statusColors[b.status]; }), maxBarThickness: 36, order: 2,
    }];
    if (bars.some(function (b) { return b.target !== null; })) {
      datasets.push({
        type: "line", label: data.labels[unit + "_target"], showLine: false, order: 1,
        data: bars.map(function (b) { return b.target; }),
        borderColor: colors.target, backgroundColor: colors.target, pointStyle: "line",
        pointRotation: horizontal ? 90 : 0, pointRadius: 22, pointHoverRadius: 22, pointBorderWidth: 4, pointHoverBorderWidth: 5,
        indexAxis: horizontal ? "y" : "x",
      });
    }
    canvas.parentNode.style.height = horizontal ? Math.max(320, units.length * 34 + 70) + "px" : "";
    var valueAxis = { min: 0, max: 100, ticks: { callback: rateTick } };
    // The legend says what the colours mean, then the target's mark.
    var statuses = ["good", "bad", "none"].filter(function (status) {
      return bars.some(function (b) { return b.status === status; });
    });
    var legendText = { good: data.labels.at_target, bad: data.labels.below_target, none: data.labels.no_target };
    return new Chart(canvas, {
      data: { labels: units.map(function (u) { return u.label; }), datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        scales: horizontal ? { x: valueAxis } : { y: valueAxis },
        interaction: { mode: "index", axis: horizontal ? "y" : "x", intersect: false },
        plugins: {
          legend: { position: "bottom", onClick: function () {}, labels: { generateLabels: function () {
            var items = statuses.map(function (status) {
              return { text: legendText[status], fillStyle: statusColors[status], strokeStyle: statusColors[status], lineWidth: 0,
                pointStyle: "rect" };
            });
            if (datasets.length > 1) {
              items.push({ text: datasets[1].label, fillStyle: colors.target, strokeStyle: colors.target, lineWidth: 4,
                pointStyle: "line", rotation: 0 });
            }
            return items;
          }, usePointStyle: true } },
          tooltip: {
            filter: function (item) { return item.datasetIndex === 0; },
            callbacks: {
              label: function (ctx) { return data.labels[unit + "_bar"] + ": " + percent(bars[ctx.dataIndex].rate); },
              afterLabel: function (ctx) {
                var bar = bars[ctx.dataIndex];
                if (bar.target === null) { return data.labels.no_target; }
                var lines = [data.labels[unit + "_target"] + ": " + percent(bar.target)];
                if (bar.gap !== null) { lines.push(data.labels.gap + ": " + points(bar.gap)); }
                return lines;
              },
            },
          },
        },
        onClick: function (event, elements) {
          if (!elements.length) { return; }
          var target = units[elements[0].index];
          if (target.url) { window.location.href = target.url; }
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length && units[elements[0].index].url ? "pointer" : "default";
        },
      },
    });
  }
  if (units.length) {
    [["cases", "chart-units"], ["money", "chart-units-money"]].forEach(function (pair) {
      var canvas = document.getElementById(pair[1]);
      if (canvas) { unitsChart(canvas, pair[0]); }
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
        var body = table.querySelector("tbody.rows") || table.tBodies[0];  // the total row stays on top
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
