(function () {
  "use strict";
  var boxes = document.querySelectorAll("input[data-filter=severity]");
  var rule = document.getElementById("filter-rule");
  var shown = document.getElementById("shown");
  function apply() {
    var on = {};
    for (var i = 0; i < boxes.length; i++) { on[boxes[i].value] = boxes[i].checked; }
    var want = rule.value;
    var rows = document.querySelectorAll("tr[data-severity]");
    var n = 0;
    for (var j = 0; j < rows.length; j++) {
      var r = rows[j];
      var show = on[r.getAttribute("data-severity")] !== false && (want === "" || r.getAttribute("data-rule") === want);
      r.hidden = !show;
      if (show && r.hasAttribute("data-count")) { n += parseInt(r.getAttribute("data-count"), 10); }
    }
    var groups = document.querySelectorAll("[data-group]");
    for (var k = 0; k < groups.length; k++) {
      var all = groups[k].querySelectorAll("tr[data-severity]").length;
      var left = groups[k].querySelectorAll("tr[data-severity]:not([hidden])").length;
      groups[k].hidden = all > 0 && left === 0;
    }
    shown.textContent = String(n);
  }
  for (var b = 0; b < boxes.length; b++) { boxes[b].addEventListener("change", apply); }
  rule.addEventListener("change", apply);
  apply();
})();
