/* Checklists: real checkboxes on the playbook page and on the printable sheets.
 *
 * A component (started by docs/assets/kb.js on [data-module="checklist"]): a container
 * [data-checklist="<id>"] whose items are [data-checklist-item] becomes a list of checkboxes.
 * Ticks are kept per checklist id in localStorage, so the playbook page and the sheet share them
 * and they survive a reload; when storage is blocked (private mode, a policy) they live in memory
 * for the page's lifetime. Without JavaScript the list stays a plain list and the controls stay
 * hidden.
 *
 * Controls: [data-checklist-tools="<id>"] (revealed), [data-checklist-clear="<id>"] (clears),
 * [data-checklist-status="<id>" data-template="{done} of {total}"] (live count). A checklist
 * without such controls on the page (the playbook page) gets a clear button and a count of its
 * own, with the page's strings checklist.clear and checklist.status. [data-checklist-print]
 * buttons anywhere on the page print it (the page-wide "print-buttons" component).
 */
(() => {
  "use strict";

  const PREFIX = "kb-checklist:";

  const KB = (window.KB = window.KB || { components: {} });
  /* Storage and elements: docs/assets/kb.js (loaded after this file, used once the page starts). */
  const read = (key) => KB.store.read(key);
  const write = (key, value) => KB.store.write(key, value);

  const byId = (attribute, id) => [...document.querySelectorAll(`[${attribute}]`)].filter((el) => el.getAttribute(attribute) === id);
  const fill = (template, done, total) => template.replace("{done}", String(done)).replace("{total}", String(total));

  class Checklist {
    constructor(container, strings) {
      this.id = container.getAttribute("data-checklist");
      this.strings = strings;
      const items = container.querySelectorAll("[data-checklist-item]");
      if (!this.id || !items.length) return;
      this.boxes = [...items].map((item) => this.tick(item));
      this.clears = byId("data-checklist-clear", this.id);
      this.statuses = byId("data-checklist-status", this.id);
      if (!this.clears.length) this.addTools(container);
      for (const el of byId("data-checklist-tools", this.id)) el.hidden = false;

      for (const box of this.boxes) {
        box.addEventListener("change", () => {
          this.save();
          this.show();
        });
      }
      for (const button of this.clears) {
        button.addEventListener("click", () => {
          for (const box of this.boxes) box.checked = false;
          this.save();
          this.show();
          this.boxes[0].focus();
        });
      }
      /* Another tab ticked the same checklist; or the page came back from the back/forward cache. */
      window.addEventListener("storage", (event) => {
        if (event.key === PREFIX + this.id) this.restore();
      });
      window.addEventListener("pageshow", (event) => {
        if (event.persisted) this.restore();
      });
      container.classList.add("kb-checklist--ready");
      this.restore();
    }

    /* The item's content moves into a label with a real checkbox. */
    tick(item) {
      const label = document.createElement("label");
      label.className = "kb-tick";
      const input = document.createElement("input");
      input.type = "checkbox";
      input.className = "kb-tick__input";
      const box = document.createElement("span");
      box.className = "kb-tick__box";
      box.setAttribute("aria-hidden", "true");
      const text = document.createElement("span");
      text.className = "kb-tick__text";
      text.append(...item.childNodes);
      label.append(input, box, text);
      item.append(label);
      return input;
    }

    /* No controls of its own on this page: a clear button and a count after the last list. */
    addTools(container) {
      const tools = document.createElement("p");
      tools.className = "kb-checklist__tools";
      const clear = document.createElement("button");
      clear.type = "button";
      clear.className = "md-button kb-checklist__clear";
      clear.textContent = this.strings["checklist.clear"] || "×";
      const status = document.createElement("span");
      status.className = "kb-checklist__status";
      status.setAttribute("aria-live", "polite");
      tools.append(clear, " ", status);
      const lists = container.querySelectorAll("ul, ol");
      lists[lists.length - 1].after(tools);
      this.clears = [clear];
      this.statuses = [status];
    }

    /* State: {"n": number of items, "ticked": [indexes]}; a state for another length is stale. */
    load() {
      const raw = read(PREFIX + this.id);
      if (!raw) return [];
      try {
        const state = JSON.parse(raw);
        if (state && state.n === this.boxes.length && Array.isArray(state.ticked)) return state.ticked;
      } catch (err) {
        /* not ours or damaged: start empty */
      }
      return [];
    }

    save() {
      const ticked = this.boxes.flatMap((box, index) => (box.checked ? [index] : []));
      write(PREFIX + this.id, ticked.length ? JSON.stringify({ n: this.boxes.length, ticked }) : null);
    }

    show() {
      let done = 0;
      for (const box of this.boxes) {
        if (box.checked) done += 1;
        box.closest("[data-checklist-item]").classList.toggle("kb-tick--done", box.checked);
      }
      for (const el of this.statuses) {
        el.textContent = fill(el.getAttribute("data-template") || this.strings["checklist.status"] || "{done}/{total}", done, this.boxes.length);
      }
    }

    restore() {
      const ticked = this.load();
      this.boxes.forEach((box, index) => {
        box.checked = ticked.includes(index);
      });
      this.show();
    }
  }

  class PrintButtons {
    constructor(root) {
      for (const button of root.querySelectorAll("[data-checklist-print]")) {
        button.addEventListener("click", () => window.print());
        const tools = button.closest("[data-checklist-tools]");
        if (tools) tools.hidden = false;
      }
    }
  }

  KB.components.checklist = Checklist;
  KB.components["print-buttons"] = PrintButtons;
})();
