// The intake receipt's print button (the page's CSP allows no inline script).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("print-receipt");
    if (button) { button.addEventListener("click", function () { window.print(); }); }
  });
})();
