/* Read aloud, progressive enhancement. The button stays hidden unless the browser can
   speak (Web Speech API) with a voice for the text's language; without it the page is
   simply read as usual. Nothing leaves the device: speech is made by the browser. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") { return; }

  function primary(tag) { return (tag || "").toLowerCase().split(/[-_]/)[0]; }

  function setUp(button) {
    var target = document.getElementById(button.getAttribute("data-target"));
    if (!target) { return; }
    var lang = primary((target.closest("[lang]") || document.documentElement).getAttribute("lang"));
    var startLabel = button.textContent;
    var stopLabel = button.getAttribute("data-label-stop") || startLabel;
    var voice = null;

    function findVoice() {
      var voices = synth.getVoices();
      for (var i = 0; i < voices.length; i++) {
        if (primary(voices[i].lang) === lang) { return voices[i]; }
      }
      return null;
    }

    function offer() {
      voice = findVoice();
      button.hidden = !voice;
      return Boolean(voice);
    }

    function reset() {
      button.textContent = startLabel;
      button.setAttribute("aria-pressed", "false");
    }

    function speak() {
      // One utterance per line: long utterances stop early in some browsers.
      var lines = target.innerText.split(/\n+/).map(function (l) { return l.trim(); })
        .filter(Boolean);
      lines.forEach(function (line, index) {
        var utterance = new window.SpeechSynthesisUtterance(line);
        utterance.lang = voice.lang;
        utterance.voice = voice;
        if (index === lines.length - 1) { utterance.onend = reset; }
        utterance.onerror = reset;
        synth.speak(utterance);
      });
      button.textContent = stopLabel;
      button.setAttribute("aria-pressed", "true");
    }

    button.addEventListener("click", function () {
      if (button.getAttribute("aria-pressed") === "true") {
        synth.cancel();
        reset();
      } else {
        synth.cancel();
        speak();
      }
    });
    if (!offer() && synth.addEventListener) {
      synth.addEventListener("voiceschanged", offer);
    }
  }

  var buttons = document.querySelectorAll("[data-read-aloud]");
  for (var i = 0; i < buttons.length; i++) { setUp(buttons[i]); }
  // Stop talking when the page is left, e.g. by the quick-exit button.
  window.addEventListener("pagehide", function () { synth.cancel(); });
})();
