/* The map of a playbook's tree ([data-tree-map], templates/playbook.html.j2), full screen.
 *
 * A component started by docs/assets/kb.js on the map's figure. The decision widget marks the
 * reader's route on the map; this only moves the map into a dialog and back. Test hooks:
 * [data-map-open], dialog[data-map-dialog] with [data-map-zoom=in|out] and [data-map-close].
 */
(() => {
  "use strict";

  const KB = (window.KB = window.KB || { components: {} });
  const h = (...args) => KB.h(...args); // docs/assets/kb.js

  /* The map of the tree, full screen: on a phone the page's column shows it at a few pixels a
     letter. A button (or a tap on the map) opens a dialog where the map is drawn at its own size,
     zoomable, scrolled to where the reader is; closing puts it back in the page. The map itself
     moves, so the widget's marks on it stay true. */
  KB.components["tree-map"] = class TreeMap {
    constructor(figure, pageStrings) {
      const svg = figure.querySelector("svg.kb-map");
      if (!svg || !svg.viewBox || !svg.viewBox.baseVal || !svg.viewBox.baseVal.width) return;
      const t = (key) => pageStrings[key] || key;
      const home = svg.parentNode;
      const natural = svg.viewBox.baseVal.width;
      const steps = [0.5, 0.75, 1, 1.5, 2, 3];
      let zoom = 2; // index into steps: 1, the map's own size (13 px text)
      const button = (attrs, label, text) =>
        h("button", { type: "button", class: "kb-map-dialog__button", "aria-label": label, title: label, ...attrs }, text);
      // Named as in the page: the heading that labels the figure, else the map's own title.
      const label = document.getElementById(figure.getAttribute("aria-labelledby") || "") || svg.querySelector("title");
      const title = h(
        "h2",
        { class: "kb-map-dialog__title", id: `kb-map-${figure.getAttribute("data-tree-map")}-dialog` },
        label ? label.textContent.trim() : "",
      );
      const out = button({ "data-map-zoom": "out" }, t("widget.map_zoom_out"), "−");
      const into = button({ "data-map-zoom": "in" }, t("widget.map_zoom_in"), "+");
      const close = button({ "data-map-close": true, class: "kb-map-dialog__button kb-map-dialog__button--close" }, t("widget.map_close"), "×");
      const view = h("div", { class: "kb-map-dialog__view", tabindex: "0", "aria-labelledby": title.id, role: "region" });
      const dialog = h(
        "dialog",
        { class: "kb-map-dialog", "data-map-dialog": true, "aria-labelledby": title.id },
        h("div", { class: "kb-map-dialog__bar" }, title, out, into, close),
        view,
      );
      const opener = h(
        "button",
        { type: "button", class: "md-button kb-map-open", "data-map-open": true, "aria-haspopup": "dialog" },
        t("widget.map_open"),
      );
      figure.classList.add("kb-map-figure--viewer");
      figure.prepend(h("p", { class: "kb-map-tools" }, opener));
      document.body.append(dialog);

      const size = () => {
        svg.style.width = `${Math.round(natural * steps[zoom])}px`;
        out.disabled = zoom === 0;
        into.disabled = zoom === steps.length - 1;
      };
      const rezoom = (by) => {
        const next = Math.min(steps.length - 1, Math.max(0, zoom + by));
        if (next === zoom) return;
        // Keep the middle of the view where it is.
        const cx = (view.scrollLeft + view.clientWidth / 2) / steps[zoom];
        const cy = (view.scrollTop + view.clientHeight / 2) / steps[zoom];
        zoom = next;
        size();
        view.scrollLeft = cx * steps[zoom] - view.clientWidth / 2;
        view.scrollTop = cy * steps[zoom] - view.clientHeight / 2;
      };
      const open = () => {
        if (dialog.open) return;
        view.append(svg);
        size();
        dialog.showModal();
        const here = svg.querySelector(".kb-dt-map-here") || svg.querySelector(".kb-map__node--current") || svg.querySelector("[data-map-node]");
        if (here) {
          const box = here.getBoundingClientRect();
          const frame = view.getBoundingClientRect();
          view.scrollLeft += box.left + box.width / 2 - (frame.left + frame.width / 2);
          view.scrollTop += box.top + box.height / 2 - (frame.top + frame.height / 2);
        }
      };
      dialog.addEventListener("close", () => {
        svg.style.width = "";
        home.append(svg);
      });
      opener.addEventListener("click", open);
      svg.addEventListener("click", () => {
        if (!dialog.open) open();
      });
      out.addEventListener("click", () => rezoom(-1));
      into.addEventListener("click", () => rezoom(1));
      close.addEventListener("click", () => dialog.close());
      dialog.addEventListener("keydown", (event) => {
        if (event.key === "+" || event.key === "=") rezoom(1);
        else if (event.key === "-") rezoom(-1);
      });
    }
  };
})();
