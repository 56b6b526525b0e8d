/* Live preview (served and injected only by ./magazine livereload, never built into the site):
   reload the page after a good build, show the build's errors after a failed one. */
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script ? script.getAttribute("data-build") : null;
  var overlay = null;
  var asked = 0;

  function hide() {
    asked += 1;
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function show(text) {
    if (!overlay) {
      overlay = document.createElement("section");
      overlay.id = "live-preview-errors";
      overlay.setAttribute("role", "alert");
      var heading = document.createElement("h2");
      heading.textContent = "Build fehlgeschlagen / build failed";
      var note = document.createElement("p");
      note.textContent = "Die Seite zeigt den letzten guten Stand. Nach dem Speichern einer " +
        "Korrektur verschwindet dieser Hinweis. (This page shows the last good build.)";
      overlay.append(heading, note, document.createElement("pre"));
      document.body.append(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  }

  function showErrors() {
    var ticket = ++asked;
    fetch("/_preview/errors", { cache: "no-store" })
      .then(function (response) { return response.status === 200 ? response.text() : null; })
      .then(function (text) {
        if (ticket === asked && text !== null) { show(text); }
      })
      .catch(function () { /* the server stopped; the event stream retries */ });
  }

  var events = new EventSource("/_preview/events");
  events.onmessage = function (message) {
    var state = JSON.parse(message.data);
    if (state.failed) {
      showErrors();
    } else if (String(state.build) !== shown) {
      window.location.reload();
    } else {
      hide();
    }
  };
})();
