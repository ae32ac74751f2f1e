// Draw the dashboard's charts: each spec (built and tested in Python) goes to the element with its id.
(function () {
  "use strict";
  var node = document.getElementById("coverage-charts");
  if (!node || typeof window.Plotly === "undefined") { return; }
  var specs = JSON.parse(node.textContent);
  // The mode bar only on hover: always shown, it covers the bars and the right axis on a phone.
  var config = {
    displaylogo: false, displayModeBar: "hover", responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"]
  };
  Object.keys(specs).forEach(function (id) {
    var element = document.getElementById(id);
    if (element) { window.Plotly.newPlot(element, specs[id].data, specs[id].layout, config); }
  });
})();
