// Draws every .lc-chart with frappe-charts from the JSON in its <script type="application/json">:
// {"data": {"labels", "datasets"}, "type"} (a report's chart) or {"labels", "datasets", "type"} (a Dashboard Chart).
(function () {
  "use strict";
  function draw(box) {
    var source = box.querySelector("script[type='application/json']");
    if (!source || !window.frappe || !window.frappe.Chart) return;
    var spec = JSON.parse(source.textContent);
    var data = spec.data || { labels: spec.labels, datasets: spec.datasets };
    if (!data.labels || !data.labels.length) return;
    var target = document.createElement("div");
    box.appendChild(target);
    new window.frappe.Chart(target, {
      title: box.getAttribute("data-title") || "",
      data: data,
      type: (spec.type || "bar").toLowerCase(),
      height: 240,
      animate: 0,
      axisOptions: { xIsSeries: data.labels.length > 8 ? 1 : 0, xAxisMode: "tick" },
      barOptions: spec.barOptions || { stacked: box.hasAttribute("data-stacked") ? 1 : 0 },
      colors: ["#2f6fb5", "#f0a33a", "#38a169", "#d64545", "#805ad5", "#319795"],
    });
    box.setAttribute("data-drawn", "1");
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".lc-chart").forEach(draw);
  });
})();
