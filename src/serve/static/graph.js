// Pan and zoom for the graph page's SVG: drag to pan, wheel or the buttons to zoom around
// the pointer; a click on a node still follows its link unless the pointer moved.
(function () {
  "use strict";
  var svg = document.getElementById("graph");
  if (!svg) return;
  var W = parseFloat(svg.getAttribute("data-width")), H = parseFloat(svg.getAttribute("data-height"));
  var view = { x: 0, y: 0, w: W, h: H };
  var drag = null, moved = false;

  function apply() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }

  function toSvg(ev) {
    var r = svg.getBoundingClientRect();
    var s = Math.max(view.w / r.width, view.h / r.height);
    var ox = (r.width * s - view.w) / 2, oy = (r.height * s - view.h) / 2;
    return { x: view.x - ox + (ev.clientX - r.left) * s, y: view.y - oy + (ev.clientY - r.top) * s, s: s };
  }

  function zoom(f, cx, cy) {
    var w = Math.min(Math.max(view.w * f, W / 20), W * 4);
    f = w / view.w;
    view.x = cx - (cx - view.x) * f;
    view.y = cy - (cy - view.y) * f;
    view.w = w;
    view.h = view.h * f;
    apply();
  }

  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = toSvg(ev);
    zoom(ev.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
  }, { passive: false });

  svg.addEventListener("pointerdown", function (ev) {
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, s: toSvg(ev).s };
    moved = false;
  });
  window.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    moved = true;
    svg.classList.add("dragging");
    view.x = drag.vx - dx * drag.s;
    view.y = drag.vy - dy * drag.s;
    apply();
  });
  window.addEventListener("pointerup", function () { drag = null; svg.classList.remove("dragging"); });
  svg.addEventListener("click", function (ev) { if (moved) { ev.preventDefault(); moved = false; } }, true);

  var buttons = document.querySelector(".zoom");
  if (buttons) {
    buttons.hidden = false;
    buttons.addEventListener("click", function (ev) {
      var z = ev.target.getAttribute("data-zoom");
      if (z === "in") zoom(1 / 1.3, view.x + view.w / 2, view.y + view.h / 2);
      else if (z === "out") zoom(1.3, view.x + view.w / 2, view.y + view.h / 2);
      else if (z === "reset") { view = { x: 0, y: 0, w: W, h: H }; apply(); }
    });
  }
})();
