// mlops-deck preview client: reload on every new version (keeping the slide, which the
// deck's own script keeps in the URL hash), and show lint findings on the slides.
(() => {
  "use strict";
  const me = document.currentScript;
  let shownVersion = Number(me && me.dataset.version);
  const panel = document.createElement("div");
  panel.id = "mlops-preview-panel";
  panel.setAttribute("role", "log");
  const style = document.createElement("style");
  style.textContent = `
    #mlops-preview-panel{position:fixed;right:8px;bottom:8px;z-index:2147483000;max-width:46vw;
      max-height:40vh;overflow:auto;font:13px/1.4 system-ui,sans-serif;background:#263238ee;
      color:#fff8e1;border-radius:6px;box-shadow:0 2px 8px #0008;padding:6px 8px;display:none}
    #mlops-preview-panel.has-items{display:block}
    #mlops-preview-panel .error{color:#ffab91;font-weight:bold;white-space:pre-wrap}
    #mlops-preview-panel .finding{cursor:pointer;white-space:nowrap;overflow:hidden;
      text-overflow:ellipsis}
    #mlops-preview-panel .finding:hover{text-decoration:underline}
    #mlops-preview-panel .sev-error .id{color:#ff8a80}
    #mlops-preview-panel .sev-warning .id{color:#ffd54f}
    #mlops-preview-panel .sev-info .id{color:#81d4fa}
    section .mlops-badge{position:absolute;top:8px;right:8px;z-index:10;min-width:34px;
      padding:2px 10px;border-radius:17px;font:bold 22px/30px system-ui,sans-serif;
      text-align:center;background:#ffd54f;color:#263238;letter-spacing:0}
    section .mlops-badge.sev-error{background:#ff8a80}
  `;
  document.head.appendChild(style);
  document.body.appendChild(panel);

  const sections = () => Array.from(document.querySelectorAll("svg[data-marpit-svg] > foreignObject > section"));

  function goTo(slide) {
    location.hash = "#" + slide;
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  }

  function render(state) {
    document.querySelectorAll("section .mlops-badge").forEach((b) => b.remove());
    panel.textContent = "";
    if (state.error) {
      const e = document.createElement("div");
      e.className = "error";
      e.textContent = "Preview shows the last good render. " + state.error;
      panel.appendChild(e);
    }
    const bySlide = new Map();
    for (const f of state.findings) {
      const row = document.createElement("div");
      row.className = "finding sev-" + f.severity;
      row.dataset.slide = f.slide || "";
      row.innerHTML = "<span class=pos></span> <span class=id></span> <span class=msg></span>";
      row.querySelector(".pos").textContent = f.line + ":" + f.col;
      row.querySelector(".id").textContent = f.rule_id;
      row.querySelector(".msg").textContent = f.message;
      row.title = f.message;
      if (f.slide) {
        row.addEventListener("click", () => goTo(f.slide));
        const list = bySlide.get(f.slide) || [];
        list.push(f);
        bySlide.set(f.slide, list);
      }
      panel.appendChild(row);
    }
    const all = sections();
    for (const [slide, list] of bySlide) {
      const section = all[slide - 1];
      if (!section) continue;
      const badge = document.createElement("div");
      const worst = list.some((f) => f.severity === "error") ? "error" : "warning";
      badge.className = "mlops-badge sev-" + worst;
      badge.textContent = String(list.length);
      badge.title = list.map((f) => `${f.line}:${f.col} ${f.rule_id} ${f.message}`).join("\n");
      section.appendChild(badge);
    }
    panel.classList.toggle("has-items", panel.childElementCount > 0);
  }

  // Swap in the slides that changed; anything else (styles, notes, slide count) reloads.
  async function patchSlides() {
    const response = await fetch("/__mlops/patch?since=" + shownVersion, { cache: "no-store" });
    const patch = await response.json();
    if (patch.full) {
      location.reload();
      return false;
    }
    const svgs = document.querySelectorAll("div.marpit > svg[data-marpit-svg]");
    const holder = document.createElement("template");
    for (const [index, html] of Object.entries(patch.slides)) {
      holder.innerHTML = html.trim();
      const fresh = holder.content.firstElementChild;
      const svg = svgs[Number(index)];
      if (!svg || !fresh) { location.reload(); return false; }
      svg.replaceChildren(...fresh.childNodes);
    }
    shownVersion = patch.version;
    window.dispatchEvent(new Event("deck:changed"));
    return true;
  }

  async function refreshState() {
    const response = await fetch("/__mlops/state", { cache: "no-store" });
    const state = await response.json();
    if (state.version !== shownVersion && !state.error && !(await patchSlides())) return;
    render(state);
  }

  const events = new EventSource("/__mlops/events");
  events.addEventListener("reload", refreshState);
  events.addEventListener("findings", refreshState);
  refreshState();
})();
