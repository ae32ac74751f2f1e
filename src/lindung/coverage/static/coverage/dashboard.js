// Draw the coverage pages' charts: each spec (built and tested in Python) goes to the element with its id, all with
// the one configuration below (coverage.css sizes the mode bar's button for a thumb).
(function () {
  "use strict";
  var node = document.getElementById("coverage-charts");
  if (!node || typeof window.Plotly === "undefined") { return; }
  var specs = JSON.parse(node.textContent);
  var touch = window.matchMedia("(pointer: coarse)").matches;
  var config = {
    displaylogo: false, responsive: true,
    // Never the "Share chart" button: it uploads the chart's figures to Plotly's cloud (on by default since plotly.js 4).
    showSendToCloud: false,
    // The mode bar only on hover: always shown, it covers the bars and the right axis on a phone.
    displayModeBar: "hover", modeBarButtonsToRemove: ["lasso2d", "select2d"]
  };
  if (touch) {
    // On a touch screen, download as PNG only: zoom, pan, zoom in/out, autoscale and reset were eight 22 px buttons
    // over the bars.
    config.modeBarButtons = [["toImage"]];
  }

  // On a touch screen a finger dragged over a chart scrolls the page: no drag mode (plotly.js then leaves the touch
  // to the browser) and fixed axes (no zoom by dragging an axis). A tap still shows the values.
  function forTouch(layout) {
    var fixed = {dragmode: false};
    Object.keys(layout).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) { fixed[key] = Object.assign({}, layout[key], {fixedrange: true}); }
    });
    fixed.xaxis = fixed.xaxis || {fixedrange: true};
    fixed.yaxis = fixed.yaxis || {fixedrange: true};
    return Object.assign({}, layout, fixed);
  }

  Object.keys(specs).forEach(function (id) {
    var element = document.getElementById(id);
    if (!element) { return; }
    var layout = touch ? forTouch(specs[id].layout) : specs[id].layout;
    window.Plotly.newPlot(element, specs[id].data, layout, config);
  });
})();
