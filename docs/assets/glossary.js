/* Glossary terms: a term's definition in a tooltip when it is pointed at or tapped.
 *
 * The hooks mark the first use of each glossary term on a page as <abbr title="definition">
 * (hooks/disputekb/pages.py, Glossary). Without JavaScript the browser shows the title itself, on
 * hover. This shows it at once, and on a tap too, where phones show no title at all.
 *
 * It does the job of Material's content.tooltips for these terms, which mounts a tooltip for every
 * term as a page loads: about 55 ms of a phone's main thread on a playbook page, the largest part
 * of Material's start there (benchmarks/README.md). This one does nothing until a term is pointed
 * at: one listener, one tooltip element, made on first use.
 *
 * Test hooks: the tooltip is #kb-glossary-tip (role=tooltip); the term shown points to it with
 * aria-describedby.
 */
(() => {
  "use strict";

  const TERMS = ".md-content abbr";
  const GAP = 8; // px between the term and the tooltip, and from the window's edges
  let tip = null;
  let shown = null; // the <abbr> whose definition is shown; its title is held while shown
  let title = "";

  function tooltip() {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "kb-glossary-tip";
      tip.className = "kb-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.append(tip);
    }
    return tip;
  }

  function place(term) {
    const box = term.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const left = Math.max(GAP, Math.min(box.left + box.width / 2 - tip.offsetWidth / 2, width - tip.offsetWidth - GAP));
    // Below the term, unless it is in the lower half of the window and there is no room below.
    const below = box.bottom + GAP + tip.offsetHeight <= innerHeight || box.top < innerHeight / 2;
    const top = below ? box.bottom + GAP : box.top - GAP - tip.offsetHeight;
    tip.style.left = `${left + scrollX}px`;
    tip.style.top = `${top + scrollY}px`;
  }

  function show(term) {
    if (term === shown) return;
    hide();
    shown = term;
    title = term.getAttribute("title");
    term.removeAttribute("title"); // no second tooltip from the browser
    tooltip().textContent = title;
    term.setAttribute("aria-describedby", tip.id);
    tip.hidden = false;
    place(term);
  }

  function hide() {
    if (!shown) return;
    shown.setAttribute("title", title);
    shown.removeAttribute("aria-describedby");
    shown = null;
    tip.hidden = true;
  }

  function termAt(target) {
    const term = target instanceof Element ? target.closest(TERMS) : null;
    return term && (term === shown || term.hasAttribute("title")) ? term : null;
  }

  // Pointer (mouse, pen, and a finger's tap): over a term shows it, anywhere else hides it,
  // except over the tooltip itself, so that its text can be selected.
  document.addEventListener("pointerover", (event) => {
    const term = termAt(event.target);
    if (term) show(term);
    else if (!tip?.contains(event.target)) hide();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hide();
  });
  window.addEventListener("resize", hide);
  window.addEventListener("beforeprint", hide);
})();
