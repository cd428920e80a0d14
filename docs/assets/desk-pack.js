/* The desk pack: a shop picks the checklists its desk uses and prints them together.
 *
 * Two components (started by docs/assets/kb.js):
 *
 * - "desk-pack", on the checklists page's form [data-module="desk-pack"]: reveals the
 *   checkboxes (input[name=sheet], one per sheet) and the controls [data-pack-tools]; keeps the
 *   choice in localStorage (the same sheet ids in every language, so a shop keeps its pack when it
 *   switches language; in memory when storage is blocked); [data-pack-status] counts the ticked
 *   sheets (its data-template: "{count} chosen"); [data-pack-desk="<desk>"] ticks every sheet of
 *   [data-desk="<desk>"]; [data-pack-clear] unticks all; the submit buttons [data-pack-submit] wait
 *   for a sheet. The form itself sends the choice, as ?sheet=<id>&sheet=<id>, to the pack page of
 *   the language pairing chosen (each button's formaction).
 * - "desk-pack-view", on the pack page: shows the sheets [data-pack-sheet="<id>"] the address names,
 *   and the print button [data-pack-print]; keeps the choice on the links to the other pairings
 *   [data-pack-link] and to the other languages (the language menu). With no sheet named, the page
 *   says so ([data-pack-empty]) and prints nothing.
 *
 * Strings come from the page (data-template attributes, hooks/disputekb/strings.yml).
 */
(() => {
  "use strict";

  const KEY = "kb-desk-pack";
  let memory = null;

  function load() {
    let raw = memory;
    try {
      raw = window.localStorage.getItem(KEY);
    } catch (err) {
      /* blocked: the copy in memory */
    }
    try {
      const ids = JSON.parse(raw || "[]");
      return Array.isArray(ids) ? ids.filter((id) => typeof id === "string") : [];
    } catch (err) {
      return [];
    }
  }

  function save(ids) {
    memory = JSON.stringify(ids);
    try {
      if (ids.length) window.localStorage.setItem(KEY, memory);
      else window.localStorage.removeItem(KEY);
    } catch (err) {
      /* blocked or full: memory keeps it for this page */
    }
  }

  const fill = (template, count) => (template || "{count}").replace("{count}", String(count));

  class DeskPack {
    constructor(form) {
      this.form = form;
      this.boxes = [...form.querySelectorAll("input[type=checkbox][name=sheet]")];
      if (!this.boxes.length) return;
      this.status = form.querySelector("[data-pack-status]");
      this.submits = [...form.querySelectorAll("[data-pack-submit]")];

      const chosen = new Set(load());
      for (const box of this.boxes) {
        box.checked = chosen.has(box.value);
        box.closest("label").hidden = false;
        box.addEventListener("change", () => this.changed());
      }
      for (const button of form.querySelectorAll("[data-pack-desk]")) {
        button.hidden = false;
        button.addEventListener("click", () => {
          const desk = form.querySelector(`[data-desk="${button.getAttribute("data-pack-desk")}"]`);
          if (desk) for (const box of desk.querySelectorAll("input[name=sheet]")) box.checked = true;
          this.changed();
        });
      }
      const clear = form.querySelector("[data-pack-clear]");
      if (clear) {
        clear.addEventListener("click", () => {
          for (const box of this.boxes) box.checked = false;
          this.changed();
          this.boxes[0].focus();
        });
      }
      for (const tools of form.querySelectorAll("[data-pack-tools]")) tools.hidden = false;
      form.classList.add("kb-pack--ready");
      this.show();
    }

    changed() {
      save(this.boxes.filter((box) => box.checked).map((box) => box.value));
      this.show();
    }

    show() {
      const count = this.boxes.filter((box) => box.checked).length;
      if (this.status) this.status.textContent = fill(this.status.getAttribute("data-template"), count);
      for (const button of this.submits) button.disabled = count === 0;
      this.form.classList.toggle("kb-pack--some", count > 0);
      for (const box of this.boxes) box.closest("[data-pack-item]")?.classList.toggle("kb-pack--chosen", box.checked);
    }
  }

  class DeskPackView {
    constructor(root) {
      const chosen = new Set(new URLSearchParams(window.location.search).getAll("sheet"));
      const shown = [...document.querySelectorAll("[data-pack-sheet]")].filter((sheet) => chosen.has(sheet.getAttribute("data-pack-sheet")));
      if (!shown.length) return;
      for (const sheet of shown) sheet.hidden = false;
      for (const empty of root.querySelectorAll("[data-pack-empty]")) empty.hidden = true;
      const status = root.querySelector("[data-pack-status]");
      if (status) status.textContent = fill(status.getAttribute("data-template"), shown.length);
      for (const button of root.querySelectorAll("[data-pack-print]")) button.addEventListener("click", () => window.print());
      for (const tools of root.querySelectorAll("[data-pack-tools]")) tools.hidden = false;
      /* The other pairings and languages print the same sheets. */
      const query = new URLSearchParams(shown.map((sheet) => ["sheet", sheet.getAttribute("data-pack-sheet")])).toString();
      for (const link of document.querySelectorAll("[data-pack-link], a[data-kb-lang-link]")) {
        const url = new URL(link.getAttribute("href"), window.location.href);
        url.search = query;
        link.setAttribute("href", url.href);
      }
    }
  }

  const KB = (window.KB = window.KB || { components: {} });
  KB.components["desk-pack"] = DeskPack;
  KB.components["desk-pack-view"] = DeskPackView;
})();
