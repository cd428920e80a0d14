/* Starts the page's components, the one place that does (GOV.UK Frontend's way).
 *
 * Each component is a class in its own file (decision-tree.js, checklist.js, glossary.js),
 * registered as window.KB.components[name] and loaded before this file (all deferred, in the
 * order of extra_javascript in mkdocs.yml). An element [data-module="<name>"] gets that component,
 * started once on it; the page-wide ones start on the page's content. Every component gets the
 * page's UI strings, in the page's language, from <script data-kb-strings> (overrides/main.html,
 * hooks/disputekb/strings.yml). One component failing leaves the others working.
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
