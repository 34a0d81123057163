/* mlops-deck presenting runtime: navigation, URL hash, fullscreen, overview, presenter
   view kept in sync across windows, progress bar, touch swipe, auto-scaling.
   Written for mlops-deck (modelled on marp-cli's bespoke template's behaviour). */
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(
    document.querySelectorAll("div.marpit > svg[data-marpit-svg]"));
  var total = slides.length;
  var params = new URLSearchParams(location.search);
  var view = params.get("view") || "";
  var body = document.body;
  var current = -1;
  var channel = null;
  var storageKey = "mlops-deck:" + location.pathname;
  var started = Date.now();

  function clamp(i) { return Math.max(0, Math.min(total - 1, i)); }

  function indexFromHash() {
    var n = parseInt((location.hash || "").replace(/^#/, ""), 10);
    return isNaN(n) ? 0 : clamp(n - 1);
  }

  /* fragmented lists (`*` bullets, `1)` numbers): stepping forward reveals one at a time */
  function fragmentsOf(i) {
    return slides[i] ? Array.prototype.slice.call(
      slides[i].querySelectorAll("[data-marpit-fragment]")) : [];
  }
  function showFragments(i, count) {
    fragmentsOf(i).forEach(function (el, k) {
      el.setAttribute("data-bespoke-marp-fragment", k < count ? "active" : "inactive");
    });
  }
  function shownFragments(i) {
    return fragmentsOf(i).filter(function (el) {
      return el.getAttribute("data-bespoke-marp-fragment") !== "inactive";
    }).length;
  }
  function step(delta) {
    var all = fragmentsOf(current).length, shown = shownFragments(current);
    if (delta > 0 && shown < all) { showFragments(current, shown + 1); broadcast(current); }
    else if (delta < 0 && shown > 0 && all > 0) { showFragments(current, shown - 1); broadcast(current); }
    else if (delta > 0) { if (current + 1 < total) go(current + 1, false, 0); }  // none shown yet
    else go(current - 1);  // arrive with every fragment shown
  }

  /* show slide i (0-based); `fragments` = how many fragments to show (default: all) */
  function go(i, fromRemote, fragments) {
    i = clamp(i);
    if (total === 0) return;
    showFragments(i, typeof fragments === "number" ? fragments : fragmentsOf(i).length);
    if (i !== current) {
      if (current >= 0) slides[current].classList.remove("active");
      current = i;
      slides[i].classList.add("active");
    }
    var hash = "#" + (i + 1);
    if (location.hash !== hash) history.replaceState(null, "", hash);
    var page = document.querySelector(".deck-page");
    if (page) page.textContent = (i + 1) + " / " + total;
    var bar = document.querySelector(".deck-progress-bar");
    if (bar) bar.style.width = (total > 1 ? (i / (total - 1)) * 100 : 100) + "%";
    body.setAttribute("data-index", String(i + 1));
    if (view === "presenter") renderPresenter();
    if (!fromRemote) broadcast(i);
  }

  /* ---- sync between the audience window and the presenter window ---- */
  function broadcast(i) {
    var message = { type: "go", index: i, fragments: shownFragments(i), at: Date.now() };
    if (channel) channel.postMessage(message);
    try { localStorage.setItem(storageKey, JSON.stringify(message)); } catch (e) { /* off */ }
  }
  function onMessage(data) {
    if (data && data.type === "go") go(data.index, true, data.fragments);
    if (data && data.type === "hello" && current >= 0) broadcast(current);
  }
  if ("BroadcastChannel" in window) {
    channel = new BroadcastChannel(storageKey);
    channel.onmessage = function (e) { onMessage(e.data); };
  }
  window.addEventListener("storage", function (e) {
    if (e.key !== storageKey || !e.newValue || channel) return;
    try { onMessage(JSON.parse(e.newValue)); } catch (err) { /* ignore */ }
  });

  /* ---- keyboard, touch, clicks ---- */
  var actions = {
    next: function () { step(1); },
    prev: function () { step(-1); },
    first: function () { go(0); },
    last: function () { go(total - 1); },
    fullscreen: function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (document.documentElement.requestFullscreen) {
        document.documentElement.requestFullscreen().catch(function () { /* denied */ });
      }
    },
    overview: function () { body.classList.toggle("overview"); scrollToCurrent(); },
    presenter: function () {
      var url = location.href.split("#")[0].split("?")[0] + "?view=presenter#" + (current + 1);
      window.open(url, "mlops-deck-presenter", "width=1280,height=800");
    }
  };
  var keys = {
    ArrowRight: "next", ArrowDown: "next", PageDown: "next", " ": "next",
    ArrowLeft: "prev", ArrowUp: "prev", PageUp: "prev",
    Home: "first", End: "last", f: "fullscreen", F11: "fullscreen", o: "overview",
    p: "presenter"
  };
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) return;
    var name = e.key === " " && e.shiftKey ? "prev" : keys[e.key];
    if (e.key === "Escape" && !document.fullscreenElement) name = "overview";
    if (view === "presenter" && name === "presenter") name = null;
    if (!name) return;
    e.preventDefault();
    actions[name]();
  });
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-action]");
    if (button) { actions[button.getAttribute("data-action")](); return; }
    if (body.classList.contains("overview")) {
      var svg = e.target.closest && e.target.closest("div.marpit > svg[data-marpit-svg]");
      if (svg) { body.classList.remove("overview"); go(slides.indexOf(svg)); }
    }
  });
  window.addEventListener("hashchange", function () { go(indexFromHash()); });
  var touchX = null;
  document.addEventListener("touchstart", function (e) {
    touchX = e.touches.length === 1 ? e.touches[0].clientX : null;
  }, { passive: true });
  document.addEventListener("touchend", function (e) {
    if (touchX === null) return;
    var dx = e.changedTouches[0].clientX - touchX;
    if (Math.abs(dx) >= 30) (dx < 0 ? actions.next : actions.prev)();
    touchX = null;
  });
  var oscTimer = null;
  function showOsc() {
    body.classList.remove("osc-hidden");
    clearTimeout(oscTimer);
    oscTimer = setTimeout(function () { body.classList.add("osc-hidden"); }, 2000);
  }
  document.addEventListener("mousemove", showOsc);

  function scrollToCurrent() {
    if (body.classList.contains("overview") && slides[current]) {
      slides[current].scrollIntoView({ block: "center" });
    }
  }

  /* ---- presenter view ---- */
  var presenter = null;
  function setupPresenter() {
    body.classList.add("presenter");
    presenter = document.createElement("div");
    presenter.className = "deck-presenter";
    presenter.innerHTML =
      '<div class="deck-presenter-next"></div><div class="deck-presenter-notes"></div>' +
      '<div class="deck-presenter-bar"><button data-action="prev">&#x2190;</button>' +
      '<span class="deck-presenter-page"></span><button data-action="next">&#x2192;</button>' +
      '<span class="deck-presenter-timer">0:00</span>' +
      '<button class="deck-presenter-reset">Reset timer</button></div>';
    body.appendChild(presenter);
    var notes = presenter.querySelector(".deck-presenter-notes");
    document.querySelectorAll(".bespoke-marp-note").forEach(function (n) { notes.appendChild(n); });
    presenter.querySelector(".deck-presenter-reset").addEventListener("click", function () {
      started = Date.now(); tick();
    });
    setInterval(tick, 1000);
  }
  function tick() {
    var s = Math.floor((Date.now() - started) / 1000);
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    var text = (h ? h + ":" + String(m).padStart(2, "0") : String(m)) + ":" +
      String(s % 60).padStart(2, "0");
    var el = document.querySelector(".deck-presenter-timer");
    if (el) el.textContent = text;
  }
  function renderPresenter() {
    if (!presenter) return;
    var next = presenter.querySelector(".deck-presenter-next");
    next.textContent = "";
    if (current + 1 < total) {
      var copy = slides[current + 1].cloneNode(true);
      copy.classList.remove("active");
      next.appendChild(copy);
    }
    presenter.querySelector(".deck-presenter-page").textContent = (current + 1) + " / " + total;
    presenter.querySelectorAll(".bespoke-marp-note").forEach(function (n) {
      n.classList.toggle("active", parseInt(n.getAttribute("data-index"), 10) === current);
    });
  }

  /* ---- auto-scaling: fitting headings and wide/tall code blocks (downscale only) ---- */
  function wrapFit(el) {
    var found = el.querySelector(":scope > .marp-fit");
    if (found) return found;
    var span = document.createElement("span");
    span.className = "marp-fit";
    while (el.firstChild) span.appendChild(el.firstChild);
    el.appendChild(span);
    return span;
  }
  /* Every write, then every read, then every write: the browser lays the deck out once
     for all the measurements, not once per slide (125 forced layouts took ~0.5 s). */
  function autoScale() {
    var work = [];
    slides.forEach(function (svg) {
      var headings = svg.querySelectorAll("[data-auto-scaling]:not(pre)");
      var blocks = svg.querySelectorAll('pre[data-auto-scaling="downscale-only"]');
      if (headings.length || blocks.length) work.push({ svg: svg, headings: headings, blocks: blocks });
    });
    // a hidden slide has no layout: show it (invisibly) while measuring
    var hidden = work.filter(function (w) { return getComputedStyle(w.svg).display === "none"; });
    hidden.forEach(function (w) { w.svg.style.visibility = "hidden"; w.svg.style.display = "block"; });
    try {
      var fits = [], codes = [];
      work.forEach(function (w) {
        w.headings.forEach(function (h) {
          var span = wrapFit(h);
          span.style.setProperty("--fit", 1);
          fits.push({ h: h, span: span });
        });
        w.blocks.forEach(function (pre) {
          var code = pre.querySelector(":scope > code");
          if (!code) return;
          code.style.zoom = ""; code.style.minWidth = "";
          codes.push({ pre: pre, code: code });
        });
      });
      fits.forEach(function (f) {
        f.w = f.span.offsetWidth; f.ht = f.span.offsetHeight; f.avail = f.h.clientWidth;
      });
      codes.forEach(function (c) {
        var fontSize = parseFloat(getComputedStyle(c.pre).fontSize) || 35;
        var maxH = 580 - fontSize;
        c.scale = Math.min(1, c.pre.clientWidth / c.code.scrollWidth, maxH / c.code.scrollHeight);
      });
      fits.forEach(function (f) {
        if (f.w && f.avail) f.span.style.setProperty("--fit", Math.min(f.avail / f.w, 580 / f.ht));
      });
      codes.forEach(function (c) {
        if (c.scale > 0 && c.scale < 1) {
          c.code.style.zoom = c.scale; c.code.style.minWidth = (100 / c.scale) + "%";
        }
      });
    } finally {
      hidden.forEach(function (w) { w.svg.style.display = ""; w.svg.style.visibility = ""; });
    }
  }

  /* ---- start: every slide shows all its fragments until stepped into ---- */
  slides.forEach(function (svg, i) { showFragments(i, fragmentsOf(i).length); });
  if (view === "presenter") setupPresenter();
  autoScale();
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(autoScale);
  go(indexFromHash(), true);
  if (view === "presenter" && channel) channel.postMessage({ type: "hello" });
  /* a live preview replaced some slides' content: lay them out and show them again */
  window.addEventListener("deck:changed", function () {
    slides.forEach(function (svg, i) { showFragments(i, fragmentsOf(i).length); });
    autoScale();
    var shown = current;
    current = -1;
    slides.forEach(function (svg) { svg.classList.remove("active"); });
    go(shown, true);
  });
  body.setAttribute("data-ready", "");
  showOsc();
})();
