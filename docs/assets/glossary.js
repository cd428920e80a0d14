/* Glossary terms: a term's definition in a tooltip when it is pointed at or tapped.
 *
 * A component, started by docs/assets/kb.js on the page's content.
 * The hooks mark the first use of each glossary term on a page as <abbr title="definition">
 * (hooks/disputekb/render.py, Glossary). Without JavaScript the browser shows the title itself, on
 * hover. This shows it at once, and on a tap too, where phones show no title at all.
 *
 * It does the job of Material's content.tooltips for these terms, which mounts a tooltip for every
 * term as a page loads: a noticeable part of a phone's main thread on a playbook page, the largest part
 * of Material's start there (benchmarks/README.md). This one does nothing until a term is pointed
 * at: one listener, one tooltip element, made on first use.
 *
 * Test hooks: the tooltip is #kb-glossary-tip (role=tooltip); the term shown points to it with
 * aria-describedby.
 */
(() => {
  "use strict";

  const GAP = 8; // px between the term and the tooltip, and from the window's edges

  class GlossaryTooltip {
    constructor(root) {
      this.root = root;
      this.tip = null;
      this.shown = null; // the <abbr> whose definition is shown; its title is held while shown
      this.title = "";
      // Pointer (mouse, pen, and a finger's tap): over a term shows it, anywhere else hides it,
      // except over the tooltip itself, so that its text can be selected.
      document.addEventListener("pointerover", (event) => {
        const term = this.termAt(event.target);
        if (term) this.show(term);
        else if (!this.tip?.contains(event.target)) this.hide();
      });
      document.addEventListener("keydown", (event) => {
        if (event.key === "Escape") this.hide();
      });
      window.addEventListener("resize", () => this.hide());
      window.addEventListener("beforeprint", () => this.hide());
    }

    tooltip() {
      if (!this.tip) {
        this.tip = document.createElement("div");
        this.tip.id = "kb-glossary-tip";
        this.tip.className = "kb-tip";
        this.tip.setAttribute("role", "tooltip");
        this.tip.hidden = true;
        document.body.append(this.tip);
      }
      return this.tip;
    }

    place(term) {
      const tip = this.tip;
      const box = term.getBoundingClientRect();
      const width = document.documentElement.clientWidth;
      const left = Math.max(GAP, Math.min(box.left + box.width / 2 - tip.offsetWidth / 2, width - tip.offsetWidth - GAP));
      // Below the term, unless it is in the lower half of the window and there is no room below.
      const below = box.bottom + GAP + tip.offsetHeight <= innerHeight || box.top < innerHeight / 2;
      const top = below ? box.bottom + GAP : box.top - GAP - tip.offsetHeight;
      tip.style.left = `${left + scrollX}px`;
      tip.style.top = `${top + scrollY}px`;
    }

    show(term) {
      if (term === this.shown) return;
      this.hide();
      this.shown = term;
      this.title = term.getAttribute("title");
      term.removeAttribute("title"); // no second tooltip from the browser
      this.tooltip().textContent = this.title;
      term.setAttribute("aria-describedby", this.tip.id);
      this.tip.hidden = false;
      this.place(term);
    }

    hide() {
      if (!this.shown) return;
      this.shown.setAttribute("title", this.title);
      this.shown.removeAttribute("aria-describedby");
      this.shown = null;
      this.tip.hidden = true;
    }

    termAt(target) {
      const term = target instanceof Element ? target.closest("abbr") : null;
      return term && this.root.contains(term) && (term === this.shown || term.hasAttribute("title")) ? term : null;
    }
  }

  const KB = (window.KB = window.KB || { components: {} });
  KB.components["glossary-tooltip"] = GlossaryTooltip;
})();
