// The header's language switch on a public form page (base.html's
// data-keeps-form) posts the form itself with what was typed, so a
// half-filled petition or complaint is shown again in the other language
// with nothing lost (views/public.py). Files are not sent: a browser cannot
// put them back in the field, so the page asks for them again instead.
(function () {
  "use strict";

  function carry(form, name, value) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }

  // A refusal shown beside a file field is carried as its reason, to be said
  // again in the other language (webapp/photo_refusal.py): the one the server
  // gave (the page's hidden inputs) until other files are chosen, or the
  // browser's own "too large" (upload-size.js) for the files chosen.
  function keepRefusal(form, input) {
    var chosen = input.files && input.files.length;
    if (!chosen) { return; }
    carry(form, "files_left", "1");
    var given = form.querySelectorAll('input[data-refusal-of="' + input.name + '"]');
    for (var j = 0; j < given.length; j++) { given[j].disabled = true; }
    var tooLarge = document.getElementById((input.id || input.name) + "-size-err");
    if (tooLarge && !tooLarge.hidden) { carry(form, input.name + "_refused", "size"); }
  }

  function switchKeeping(lang, form) {
    var inputs = form.querySelectorAll("input[type=file]");
    for (var i = 0; i < inputs.length; i++) {
      keepRefusal(form, inputs[i]);
      inputs[i].disabled = true;
    }
    carry(form, "switch_language", lang.getAttribute("data-language"));
    HTMLFormElement.prototype.submit.call(form);   // no checks: nothing is sent in
  }

  var switches = document.querySelectorAll("form[data-keeps-form]");
  for (var i = 0; i < switches.length; i++) {
    switches[i].addEventListener("submit", function (event) {
      var form = document.getElementById(this.getAttribute("data-keeps-form"));
      if (!form) { return; }   // no form on this page: the plain switch
      event.preventDefault();
      switchKeeping(this, form);
    });
  }
})();
