// Filters by verdict and property, opening what a link points at, and
// opening every finding (and the legend's rules) for print. The page works
// without it: everything is shown and the filters stay hidden.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var items = document.querySelectorAll("[data-verdict][data-property]");
  var rows = document.querySelectorAll("#grid tbody tr");
  var shown = document.getElementById("shown");
  form.hidden = false;
  // The filter chips show the counts now; the plain list is for no script
  // and for print.
  document.documentElement.classList.add("js");

  function apply() {
    var verdicts = {};
    form.querySelectorAll("input[name=verdict]").forEach(function (box) {
      verdicts[box.value] = box.checked;
    });
    var property = form.elements.property.value;
    items.forEach(function (el) {
      el.hidden = !(verdicts[el.dataset.verdict] &&
        (property === "" || el.dataset.property === property));
    });
    document.querySelectorAll(".verdict-group").forEach(function (group) {
      group.hidden = !group.querySelector(".finding:not([hidden])");
    });
    var visible = document.querySelectorAll("#grid tbody tr:not([hidden])").length;
    shown.textContent = visible + " of " + rows.length + " facts";
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  apply();

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var opened = false;
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS" && !el.open) { el.open = true; opened = true; }
    }
    // A target inside a closed section could not be scrolled to before.
    if (opened) { target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  var closed = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.finding:not([open]), details.rules:not([open])").forEach(function (d) {
      d.open = true;
      closed.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  });
})();
