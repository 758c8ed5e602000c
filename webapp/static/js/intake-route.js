// The intake form's routing suggestion: once category and district are
// chosen, ask the server which lead agency the model's routing table gives
// (views/intake.route_hint) and say it under the district. The words come
// from the server in the clerk's language; without script the receipt says it.
(function () {
  "use strict";
  function setUp() {
    var box = document.getElementById("route-hint");
    var category = document.getElementById("f-category");
    var district = document.getElementById("f-district");
    if (!box || !category || !district) { return; }
    var asked = 0;
    function ask() {
      var mine = ++asked;   // only the latest answer is shown
      if (!category.value || !district.value) { box.textContent = ""; return; }
      var query = new URLSearchParams({category: category.value, district: district.value});
      fetch(box.getAttribute("data-url") + "?" + query.toString(),
            {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (resp) { return resp.json(); })
        .then(function (data) { if (mine === asked) { box.textContent = data.text || data.error || ""; } })
        .catch(function () { if (mine === asked) { box.textContent = ""; } });
    }
    category.addEventListener("change", ask);
    district.addEventListener("change", ask);
    if (!box.textContent.trim()) { ask(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
