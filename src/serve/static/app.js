// Type-ahead for the search box: asks /api/search as you type and lists the matches under
// the box. Built with DOM calls and textContent only (names are data, never markup).
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("suggest");
  if (!input || !list) return;
  var timer = null, seq = 0, active = -1;

  function clear() { while (list.firstChild) list.removeChild(list.firstChild); list.hidden = true; active = -1; }

  function show(entities) {
    clear();
    entities.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/entity/" + encodeURIComponent(e.id);
      var name = document.createElement("span");
      name.textContent = e.name;
      var sub = document.createElement("span");
      sub.className = "sub";
      sub.textContent = e.type + " · " + e.mentions;
      a.appendChild(name);
      a.appendChild(sub);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = entities.length === 0;
  }

  function ask() {
    var q = input.value.trim();
    if (!q) { clear(); return; }
    var mine = ++seq;
    fetch("/api/search?limit=8&q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { entities: [] }; })
      .then(function (v) { if (mine === seq) show(v.entities || []); })
      .catch(function () { clear(); });
  }

  function move(d) {
    var links = list.querySelectorAll("a");
    if (!links.length) return;
    if (active >= 0) links[active].classList.remove("active");
    active = (active + d + links.length) % links.length;
    links[active].classList.add("active");
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 120); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { move(1); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { move(-1); ev.preventDefault(); }
    else if (ev.key === "Enter" && active >= 0) { ev.preventDefault(); list.querySelectorAll("a")[active].click(); }
    else if (ev.key === "Escape") { clear(); }
  });
  document.addEventListener("click", function (ev) { if (!list.contains(ev.target) && ev.target !== input) clear(); });
})();
