// The header's language switch on a public form page is a button of the form
// (base.html: form=, name="switch_language"): it posts what was typed without
// any script, and the form comes back in the other language (views/public.py).
// This adds only what a script can: the files chosen are left behind, since a
// browser cannot put them back in the field (the page asks for them again),
// and a refusal shown beside them is carried, to be said in the other language.
(function () {
  "use strict";

  function carry(form, name, value) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    input.setAttribute("data-carried", "");
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

  // What a switch changed, undone: a page shown again by Back (or a switch
  // that did not leave the page) sends its files and refusal as before.
  function undo(form) {
    var carried = form.querySelectorAll("input[data-carried]");
    for (var i = 0; i < carried.length; i++) { carried[i].remove(); }
    var left = form.querySelectorAll("input[data-left-behind]");
    for (var j = 0; j < left.length; j++) {
      left[j].disabled = false;
      left[j].removeAttribute("data-left-behind");
    }
  }

  function leaveFilesBehind(form) {
    undo(form);
    var inputs = form.querySelectorAll("input[type=file], input[data-refusal-of]");
    for (var i = 0; i < inputs.length; i++) {
      if (!inputs[i].disabled) { inputs[i].setAttribute("data-left-behind", ""); }
    }
    var files = form.querySelectorAll("input[type=file]");
    for (var k = 0; k < files.length; k++) {
      keepRefusal(form, files[k]);
      files[k].disabled = true;   // not sent: upload-size.js leaves a disabled field alone
    }
  }

  // A click runs before the submission it starts, which then sends the form
  // without what was disabled here.
  var switches = document.querySelectorAll('button[name="switch_language"][form]');
  for (var i = 0; i < switches.length; i++) {
    switches[i].addEventListener("click", function () {
      if (this.form) { leaveFilesBehind(this.form); }
    });
  }
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    for (var i = 0; i < switches.length; i++) {
      if (switches[i].form) { undo(switches[i].form); }
    }
  });
})();
