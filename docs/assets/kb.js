/* Starts the page's components, the one place that does (GOV.UK Frontend's way).
 *
 * Each component is a class in its own file (decision-tree.js, checklist.js, glossary.js),
 * registered as window.KB.components[name] and loaded before this file (all deferred, in the
 * order of extra_javascript in mkdocs.yml). An element [data-module="<name>"] gets that component,
 * started once on it; the page-wide ones start on the page's content. Every component gets the
 * page's UI strings, in the page's language, from <script data-kb-strings> (overrides/main.html,
 * hooks/disputekb/strings.yml). One component failing leaves the others working. Two helpers for
 * them all: KB.h (an element, strings as text nodes) and KB.store (localStorage with a copy in
 * memory, for when storage is blocked).
 *
 * A training module of the curriculum ([data-training-module]) names a playbook in its
 * data-module (issue 14's contract), not a component: it is left alone, whatever the playbook
 * is called.
 */
(() => {
  "use strict";

  const KB = (window.KB = window.KB || { components: {} });

  /* An element, for every component: attributes set (true: present, null or false: left out),
     strings become text nodes. */
  KB.h = (tag, attrs, ...kids) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value != null && value !== false) node.setAttribute(key, value === true ? "" : value);
    }
    for (const kid of kids.flat()) {
      if (kid != null && kid !== false && kid !== "") node.append(typeof kid === "string" ? document.createTextNode(kid) : kid);
    }
    return node;
  };

  /* What a component keeps in the browser: localStorage when it works, a copy in memory always
     (private modes and strict settings block storage: it then lasts as long as the page). */
  const memory = new Map();
  KB.store = {
    read(key) {
      try {
        const value = window.localStorage.getItem(key);
        if (value !== null) return value;
      } catch (err) {
        /* blocked: the copy in memory */
      }
      return memory.has(key) ? memory.get(key) : null;
    },
    write(key, value) {
      memory.set(key, value);
      try {
        if (value === null) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, value);
      } catch (err) {
        /* blocked or full: memory keeps it for this page */
      }
    },
    /* The keys that start with `prefix`, kept in either place. */
    keys(prefix) {
      const found = new Set([...memory.keys()].filter((key) => key.startsWith(prefix)));
      try {
        for (let i = 0; i < window.localStorage.length; i += 1) {
          const key = window.localStorage.key(i);
          if (key && key.startsWith(prefix)) found.add(key);
        }
      } catch (err) {
        /* blocked: memory only */
      }
      return [...found];
    },
    /* Whether what is written outlasts the page (storage not blocked). */
    persistent() {
      try {
        window.localStorage.setItem("kb-store-test", "1");
        window.localStorage.removeItem("kb-store-test");
        return true;
      } catch (err) {
        return false;
      }
    },
  };

  const PAGE_WIDE = ["copy-buttons", "glossary-tooltip", "print-buttons"];

  function strings() {
    const json = document.querySelector("script[data-kb-strings]");
    try {
      return json ? JSON.parse(json.textContent) : {};
    } catch (err) {
      return {};
    }
  }

  function start(name, root, text) {
    const Component = window.KB && window.KB.components[name];
    if (!Component || root.hasAttribute(`data-${name}-init`)) return;
    root.setAttribute(`data-${name}-init`, "");
    try {
      new Component(root, text); // eslint-disable-line no-new
    } catch (err) {
      if (window.console) console.error(`${name}:`, err);
    }
  }

  function startAll() {
    const text = strings();
    const content = document.querySelector(".md-content") || document.body;
    for (const name of PAGE_WIDE) start(name, content, text);
    for (const root of document.querySelectorAll("[data-module]:not([data-training-module])")) {
      for (const name of root.getAttribute("data-module").split(" ")) start(name, root, text);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
})();
