/* Forms, progressive enhancement: a live character count under each text box.
   Without JavaScript the hint states the limit and the server says if it is passed;
   nothing typed is ever cut off (there is no maxlength). */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("textarea[data-limit]");
  for (var i = 0; i < boxes.length; i++) { setUp(boxes[i]); }

  function setUp(box) {
    var limit = parseInt(box.getAttribute("data-limit"), 10);
    var counter = document.querySelector('[data-counter-for="' + box.id + '"]');
    if (!counter || !limit) { return; }
    var left = counter.getAttribute("data-left");
    var over = counter.getAttribute("data-over");
    counter.setAttribute("aria-live", "polite");
    function update() {
      var remaining = limit - box.value.length;
      counter.textContent = (remaining >= 0 ? left : over).replace("%s", String(Math.abs(remaining)));
      counter.classList.toggle("counter--over", remaining < 0);
    }
    box.addEventListener("input", update);
    update();
  }
})();
