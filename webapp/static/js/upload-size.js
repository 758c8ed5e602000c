// Refuses files over the upload limit before they are sent (the server would
// answer 413 after the whole upload). The limit and the words come from
// base.html's <meta name="civicflow-upload-limit">; the error is shown beside
// the file field, as the server shows its errors; a server refusal cleared
// beside the field leaves the error summary at the top too.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="civicflow-upload-limit"]');
  if (!meta) { return; }
  var limit = parseInt(meta.getAttribute("content"), 10);
  var words = meta.getAttribute("data-message");

  function total(input) {
    var sum = 0;
    for (var i = 0; i < (input.files || []).length; i++) { sum += input.files[i].size; }
    return sum;
  }

  function errorNode(input) {
    var id = (input.id || input.name) + "-size-err";
    var node = document.getElementById(id);
    if (!node) {
      node = document.createElement("p");
      node.id = id;
      node.className = "field-error";
      node.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", node);
    }
    return node;
  }

  function describe(input, id, on) {
    var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (x) {
      return x && x !== id;
    });
    if (on) { ids.push(id); }
    if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); }
    else { input.removeAttribute("aria-describedby"); }
  }

  function check(input) {
    var tooLarge = total(input) > limit;
    var node = errorNode(input);
    node.textContent = tooLarge ? words : "";
    node.hidden = !tooLarge;
    describe(input, node.id, tooLarge);
    if (tooLarge) { input.setAttribute("aria-invalid", "true"); }
    else { input.removeAttribute("aria-invalid"); }
    return !tooLarge;
  }

  // The server's refusal beside the field (無法附加 fake.jpg) was about the
  // files sent then: once others are chosen it is cleared, and the next send
  // says again whatever is wrong with these.
  function clearServerRefusal(input) {
    var node = document.getElementById((input.id || input.name) + "-err");
    if (!node || node.hidden) { return; }
    node.hidden = true;
    describe(input, node.id, false);
    leaveSummary(input.id);
  }

  // The summary at the top (macros/public_form.html error_summary) follows:
  // the refusal's entry goes, its heading counts what is left, and with
  // nothing left it goes too. Focus on the entry removed moves to the field.
  function leaveSummary(id) {
    var box = document.getElementById("error-summary");
    var link = box && id ? box.querySelector('a[href="#' + id + '"]') : null;
    if (!link) { return; }
    var item = link.closest("li");
    if (item.contains(document.activeElement)) { document.getElementById(id).focus(); }
    item.remove();
    var left = box.querySelectorAll("li").length;
    var heading = document.getElementById("error-summary-h");
    if (left && heading && heading.dataset.count) {
      heading.textContent = heading.dataset.count.replace("__N__", left);
    }
    box.hidden = left === 0;
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches('input[type="file"]')) {
      clearServerRefusal(event.target);
      check(event.target);
    }
  });

  document.addEventListener("submit", function (event) {
    // A disabled field sends nothing: the language switch leaves its files behind.
    var inputs = event.target.querySelectorAll('input[type="file"]:not(:disabled)');
    for (var i = 0; i < inputs.length; i++) {
      if (!check(inputs[i])) {
        event.preventDefault();
        inputs[i].focus();
        return;
      }
    }
  }, true);
}());
