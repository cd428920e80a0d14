/* Checklists: real checkboxes on the playbook page and on the printable sheets.
 *
 * A container [data-checklist="<id>"] whose items are [data-checklist-item] becomes a list of
 * checkboxes. Ticks are kept per checklist id in localStorage, so the playbook page and the
 * sheet share them and they survive a reload; when storage is blocked (private mode, a
 * policy) they live in memory for the page's lifetime. Without JavaScript the list stays a
 * plain list and the controls stay hidden.
 *
 * Controls: [data-checklist-tools="<id>"] (revealed), [data-checklist-clear="<id>"] (clears),
 * [data-checklist-status="<id>" data-template="{done} of {total}"] (live count) and
 * [data-checklist-print] (prints). A checklist without such controls on the page (the
 * playbook page) gets a clear button and a count of its own, with the strings below.
 */
(function () {
  "use strict";

  var PREFIX = "kb-checklist:";
  var I18N = {
    "zh-Hant": { clear: "清除勾選", status: "已完成 {done}/{total}" },
    "zh-Hans": { clear: "清除勾选", status: "已完成 {done}/{total}" },
    en: { clear: "Clear ticks", status: "{done} of {total} done" }
  };
  var memory = {};

  function strings() {
    var lang = document.documentElement.getAttribute("lang") || "en";
    return I18N[lang] || I18N[lang.split("-")[0]] || I18N.en;
  }

  /* Storage: localStorage when it works, the in-memory copy always. */
  function read(key) {
    try {
      var value = window.localStorage.getItem(key);
      if (value !== null) return value;
    } catch (err) {
      /* blocked: fall through to memory */
    }
    return Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null;
  }

  function write(key, value) {
    memory[key] = value;
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (err) {
      /* blocked or full: memory keeps it for this page */
    }
  }

  /* State: {"n": number of items, "ticked": [indexes]}; a state for another length is stale. */
  function load(id, total) {
    var raw = read(PREFIX + id);
    if (!raw) return [];
    try {
      var state = JSON.parse(raw);
      if (state && state.n === total && Array.isArray(state.ticked)) return state.ticked;
    } catch (err) {
      /* not ours or damaged: start empty */
    }
    return [];
  }

  function save(id, boxes) {
    var ticked = [];
    boxes.forEach(function (box, index) {
      if (box.checked) ticked.push(index);
    });
    write(PREFIX + id, ticked.length ? JSON.stringify({ n: boxes.length, ticked: ticked }) : null);
  }

  function byId(attribute, id) {
    return Array.prototype.filter.call(document.querySelectorAll("[" + attribute + "]"), function (el) {
      return el.getAttribute(attribute) === id;
    });
  }

  function fill(template, done, total) {
    return template.replace("{done}", String(done)).replace("{total}", String(total));
  }

  function enhance(container) {
    if (container.hasAttribute("data-checklist-init")) return;
    container.setAttribute("data-checklist-init", "");
    var id = container.getAttribute("data-checklist");
    var items = container.querySelectorAll("[data-checklist-item]");
    if (!id || !items.length) return;
    var boxes = [];

    Array.prototype.forEach.call(items, function (item) {
      var label = document.createElement("label");
      label.className = "kb-tick";
      var input = document.createElement("input");
      input.type = "checkbox";
      input.className = "kb-tick__input";
      var box = document.createElement("span");
      box.className = "kb-tick__box";
      box.setAttribute("aria-hidden", "true");
      var text = document.createElement("span");
      text.className = "kb-tick__text";
      while (item.firstChild) text.appendChild(item.firstChild);
      label.appendChild(input);
      label.appendChild(box);
      label.appendChild(text);
      item.appendChild(label);
      boxes.push(input);
    });

    var clears = byId("data-checklist-clear", id);
    var statuses = byId("data-checklist-status", id);
    if (!clears.length) {
      /* No controls of its own on this page: add a clear button and a count after the list. */
      var tools = document.createElement("p");
      tools.className = "kb-checklist__tools";
      var clear = document.createElement("button");
      clear.type = "button";
      clear.className = "md-button kb-checklist__clear";
      clear.textContent = strings().clear;
      var status = document.createElement("span");
      status.className = "kb-checklist__status";
      status.setAttribute("aria-live", "polite");
      tools.appendChild(clear);
      tools.appendChild(document.createTextNode(" "));
      tools.appendChild(status);
      var lists = container.querySelectorAll("ul, ol");
      var last = lists[lists.length - 1];
      last.parentNode.insertBefore(tools, last.nextSibling);
      clears = [clear];
      statuses = [status];
    }
    byId("data-checklist-tools", id).forEach(function (el) {
      el.hidden = false;
    });

    function show() {
      var done = 0;
      boxes.forEach(function (box) {
        if (box.checked) done += 1;
        box.closest("[data-checklist-item]").classList.toggle("kb-tick--done", box.checked);
      });
      statuses.forEach(function (el) {
        el.textContent = fill(el.getAttribute("data-template") || strings().status, done, boxes.length);
      });
    }

    function restore() {
      var ticked = load(id, boxes.length);
      boxes.forEach(function (box, index) {
        box.checked = ticked.indexOf(index) !== -1;
      });
      show();
    }

    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        save(id, boxes);
        show();
      });
    });
    clears.forEach(function (button) {
      button.addEventListener("click", function () {
        boxes.forEach(function (box) {
          box.checked = false;
        });
        save(id, boxes);
        show();
        if (boxes.length) boxes[0].focus();
      });
    });
    /* Another tab ticked the same checklist; or the page came back from the back/forward cache. */
    window.addEventListener("storage", function (event) {
      if (event.key === PREFIX + id) restore();
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) restore();
    });

    container.classList.add("kb-checklist--ready");
    restore();
  }

  function init(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-checklist]"), function (container) {
      try {
        enhance(container);
      } catch (err) {
        if (window.console) window.console.error("checklist", container.getAttribute("data-checklist"), err);
      }
    });
    Array.prototype.forEach.call(root.querySelectorAll("[data-checklist-print]"), function (button) {
      if (button.hasAttribute("data-checklist-print-init")) return;
      button.setAttribute("data-checklist-print-init", "");
      button.addEventListener("click", function () {
        window.print();
      });
      var tools = button.closest("[data-checklist-tools]");
      if (tools) tools.hidden = false;
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      init(document);
    });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(document);
    });
  } else {
    init(document);
  }
})();
