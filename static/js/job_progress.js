// The progress bar of a background job (an import, a period report): asks the server every
// second and reloads the page when the job is over, to show its outcome.
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) return;
  var bar = box.querySelector("progress");
  var status = document.getElementById("job-status");
  var count = document.getElementById("job-count");  // imports only: rows checked of total
  var number = new Intl.NumberFormat(document.documentElement.lang || "vi");

  function show(p) {
    bar.value = p.percent;
    bar.textContent = p.percent + "%";
    status.textContent = p.label;
    if (count) {
      count.textContent = p.total
        ? count.dataset.rows.replace("{done}", number.format(p.done)).replace("{total}", number.format(p.total))
        : count.dataset.reading;
    }
  }

  function poll() {
    fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (p) {
        show(p);
        if (p.finished) window.location.reload();
        else window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
