/* Decision-tree widget: a playbook one question at a time; every state is a link.
 *
 * A component (docs/assets/kb.js starts it on [data-module="decision-tree"]) that enhances a
 * playbook page, which works without it. The page holds every text once, in its static tree
 * (templates/playbook.html.j2): a question is [data-node-heading=<id>] with its
 * [data-static-node=<id>] (help, [data-option-label] links); an action is its heading and its
 * [data-static-node]. The widget shows those: a question's texts as buttons, an action's content
 * cloned, so glossary marks, links, sources and copy buttons are the same in both views.
 * <script type="application/json" data-decision-tree-data> carries only the routes: node ids,
 * where each option leads, the pages an option continues in and a reader may come from.
 * It also marks the route on the map ([data-map-node], [data-map-edge]) and reveals the copy
 * buttons of [data-template]s. Text goes in as text nodes or clones only: no innerHTML, no eval.
 *
 * While it runs, the static tree ([data-tree=<playbook>], every other branch with its own copy
 * buttons) waits in a closed <details data-tree-details>, so that a reader copies the message of
 * her own case; a link to a node in it opens it, and print shows it (decision-tree.css). After an
 * answer (or back, change, start again), the new step is brought into view below the sticky
 * header, its first options with it.
 *
 * URL state, node ids only, so a link opens the same step in every language:
 *   a=<q>.<next>,...  the answers, one per question: the question and the node its option leads
 *                     to, plus .<n> when several options lead there (q.refund.2: the 2nd). The
 *                     route runs from the start through answered questions to an action or the
 *                     current question; answers off it (after a change) stay, for if it returns.
 *   at=<q>            back at that answered question to change it; the later answers still apply.
 *   from=<role>/<id>  came through an option of that playbook ("you came from", linked back)
 *   fa=<answers>      with these answers given there.
 *   e.g. ?a=claim-status.who-signed,who-signed.upload-signed-receipt&at=who-signed
 * Each step pushes history; the language links (a[data-kb-lang-link]) get the same query. A state
 * naming a node, option or question that does not exist restarts with a notice.
 *
 * Test hooks: root [data-decision-tree][data-playbook]; question [data-step][data-node] with
 * button[data-option][data-next="<node id>|playbook:<id>"]; action [data-outcome][data-node];
 * controls [data-action=back|restart|change|link|print]; the static tree's disclosure
 * details[data-tree-details].
 *
 * One more component lives here: "copy-buttons" (every template's copy buttons: a
 * button[data-copy="<lang tag>"] copies the template's [data-copy-text="<lang tag>"]). The map's
 * full-screen view is docs/assets/tree-map.js.
 */
(() => {
  "use strict";

  const ID = "[a-z0-9]+(?:-[a-z0-9]+)*";
  const PAIR = `${ID}\\.${ID}(?:\\.[1-9][0-9]?)?`;
  const RE_ANSWERS = new RegExp(`^${PAIR}(?:,${PAIR})*$`);
  const RE_ID = new RegExp(`^${ID}$`);
  const RE_FROM = new RegExp(`^(?:(${ID})/)?(${ID})$`);
  // <prefix>/<role>/<id>/ or .../<id>.html
  const RE_PAGE = /^(.*\/)([^/]+)\/([^/]+?)(\/|\.html)$/;

  let live = null;

  const KB = (window.KB = window.KB || { components: {} });
  const h = (...args) => KB.h(...args); // docs/assets/kb.js

  function announce(message) {
    if (!live) {
      live = h("div", { class: "kb-dt-live", "aria-live": "polite", "data-decision-tree-live": true });
      (document.querySelector("main") || document.body).append(live);
    }
    // A toggled trailing space: the same message twice is announced twice.
    live.textContent = message + (live.textContent.endsWith("\u00a0") ? "" : "\u00a0");
  }

  /* The Clipboard API, else a selected textarea. */
  function copy(text) {
    const fallback = () => {
      const area = h("textarea", { readonly: true, class: "kb-dt-copy-area", "aria-hidden": "true" });
      area.value = text;
      const before = document.activeElement;
      document.body.append(area);
      area.select();
      let done = false;
      try {
        done = document.execCommand("copy");
      } catch (err) {
        done = false;
      }
      area.remove();
      if (before && before.focus) before.focus();
      return done;
    };
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(() => true, fallback);
    }
    return Promise.resolve(fallback());
  }

  let strings = {};

  function copied(button, target) {
    const label = button.getAttribute("data-label") || button.textContent;
    const done = strings["label.copied"] || "✓";
    button.setAttribute("data-label", label);
    return (ok) => {
      if (!ok) {
        // Not copied: select it for the reader.
        if (target) window.getSelection().selectAllChildren(target);
        return;
      }
      button.textContent = done;
      announce(done);
      clearTimeout(button.kbTimer);
      button.kbTimer = setTimeout(() => {
        button.textContent = label;
      }, 2000);
    };
  }

  function widget(root, pageStrings) {
    const pid = root.getAttribute("data-playbook");
    const source = Array.from(document.querySelectorAll("script[data-decision-tree-data]")).find(
      (s) => s.getAttribute("data-decision-tree-data") === pid,
    );
    if (!source) throw new Error(`no data for playbook ${pid}`);
    const data = JSON.parse(source.textContent);
    const nodes = data.nodes;
    if (!nodes[data.start]) throw new Error(`start node ${data.start} is missing`);
    strings = pageStrings;
    const t = (key, vars) => (strings[key] || key).replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? vars[k] : m));
    const colon = t("widget.colon");
    /* The page's own texts, by node: its heading, its static content, its option labels. */
    const heading = (id) => document.querySelector(`[data-node-heading="${id}"]`);
    const staticNode = (id) => document.querySelector(`[data-static-node="${id}"]`);
    const textOf = (id) => (heading(id) ? heading(id).textContent.trim() : id);
    const isQuestion = (id) => Array.isArray(nodes[id].options);
    const optionLabel = (id, i) => {
      const label = staticNode(id) && staticNode(id).querySelectorAll("[data-option-label]")[i];
      return label ? label.textContent.trim() : "";
    };
    const page = RE_PAGE.exec(location.pathname.replace(/index\.html$/, ""));
    const prefix = `kb-dt-${pid}`;

    /* State: {answers: Map(question -> option index), at: question or "", ctx: {from, fa}}. */

    const nexts = (q, i) => nodes[q].options[i].next;

    /* The route from the start, through answers, to `stop`, an action or an open question. */
    function walk(answers, stop) {
      const path = [];
      let node = data.start;
      while (node !== stop && answers.has(node) && path.length <= answers.size) {
        path.push([node, answers.get(node)]);
        node = nexts(node, answers.get(node));
      }
      return { path, node };
    }
    const route = (st) => st.route || (st.route = walk(st.answers, st.at));
    const current = (st) => route(st).node;
    const given = (st) => route(st).path;
    const make = (answers, at, ctx) => ({ answers, at, ctx });

    function encode([q, i]) {
      const next = nexts(q, i);
      const same = nodes[q].options.filter((o, k) => k <= i && o.next === next).length;
      return `${q}.${next}${same > 1 ? `.${same}` : ""}`;
    }

    function read(search) {
      const params = new URLSearchParams(search);
      const a = params.get("a") || "";
      const at = params.get("at") || "";
      const from = params.get("from") || "";
      const fa = params.get("fa") || "";
      const ctx = { from: "", fa: "" };
      const m = RE_FROM.exec(from);
      if (m && m[2] !== pid) {
        ctx.from = `${m[1] || data.role}/${m[2]}`;
        ctx.fa = RE_ANSWERS.test(fa) ? fa : "";
      }
      const answers = new Map();
      let ok = (!a || RE_ANSWERS.test(a)) && (!at || RE_ID.test(at));
      for (const pair of ok && a ? a.split(",") : []) {
        const [q, next, rank] = pair.split(".");
        const node = nodes[q];
        let seen = 0;
        const index =
          node && isQuestion(q) && !answers.has(q)
            ? node.options.findIndex((o) => o.next === next && ++seen === Number(rank || 1))
            : -1;
        if (index < 0) {
          ok = false;
          break;
        }
        answers.set(q, index);
      }
      const full = walk(answers, "");
      const stop = ok && at !== full.node ? at : "";
      ok = ok && (!stop || full.path.some((p) => p[0] === stop));
      const st = make(ok ? answers : new Map(), ok ? stop : "", ctx);
      st.invalid = !ok || (!!from && !ctx.from) || (!!at && !stop);
      st.restarted = !ok;
      return st;
    }

    function query(st) {
      const parts = [];
      const order = new Set([...walk(st.answers, "").path.map((p) => p[0]), ...st.answers.keys()]);
      if (order.size) parts.push(`a=${[...order].map((q) => encode([q, st.answers.get(q)])).join(",")}`);
      if (st.at) parts.push(`at=${st.at}`);
      if (st.ctx.from) parts.push(`from=${st.ctx.from}`);
      if (st.ctx.fa) parts.push(`fa=${st.ctx.fa}`);
      return parts.length ? `?${parts.join("&")}` : "";
    }

    const url = (st) => location.pathname + query(st);

    function choose(st, index) {
      const answers = new Map(st.answers);
      answers.set(current(st), index);
      return make(answers, "", st.ctx);
    }

    const revisit = (st, k) => make(st.answers, given(st)[k][0], st.ctx);
    const back = (st) => revisit(st, given(st).length - 1);
    const restart = (st) => make(new Map(), "", st.ctx);

    const langLinks = Array.from(document.querySelectorAll("a[data-kb-lang-link]"));
    for (const link of langLinks) link.setAttribute("data-kb-href", link.getAttribute("href").split("?")[0]);

    const map = document.querySelector(`[data-tree-map="${pid}"]`);
    const mapNodes = new Map();
    const mapEdges = new Map();
    let marked = [];
    let caption = null;
    if (map) {
      for (const g of map.querySelectorAll("[data-map-node]")) mapNodes.set(g.getAttribute("data-map-node"), g);
      for (const g of map.querySelectorAll("[data-map-edge]")) mapEdges.set(g.getAttribute("data-map-edge"), g);
      caption = h("figcaption", { class: "kb-dt-map-caption" });
      map.append(caption);
    }

    function highlight(st) {
      for (const [g, cls] of marked) g.classList.remove(cls);
      marked = [];
      const mark = (g, cls) => {
        if (g) {
          g.classList.add(cls);
          marked.push([g, cls]);
        }
      };
      for (const [q, i] of given(st)) {
        mark(mapNodes.get(q), "kb-map__node--current");
        mark(mapEdges.get(`${q}:${i}`), "kb-map__edge--taken");
      }
      mark(mapNodes.get(current(st)), "kb-map__node--current");
      mark(mapNodes.get(current(st)), "kb-dt-map-here");
      if (caption) {
        caption.replaceChildren(h("strong", null, t("widget.map_current") + colon), textOf(current(st)));
      }
    }

    let from = { key: null, node: null };
    function cameFrom(ctx) {
      if (!ctx.from) return null;
      const key = `${ctx.from}?${ctx.fa}`;
      if (from.key === key) return from.node;
      const [role, id] = ctx.from.split("/");
      const known = (data.incoming || {})[id];
      const there = known ? known.href : page && page[2] === data.role && page[3] === pid ? `${page[1]}${role}/${id}${page[4]}` : null;
      const title = h("span", null, known ? known.title : id);
      from = {
        key,
        node: h(
          "p",
          { class: "kb-dt__from" },
          `${t("widget.came_from")}${colon}`,
          there ? h("a", { href: there + (ctx.fa ? `?a=${ctx.fa}` : "") }, title) : title,
        ),
      };
      return from.node;
    }

    root.classList.add("kb-dt");
    const head = h("h2", { class: "kb-dt__title", id: `${prefix}-title` }, t("widget.heading"));
    const stamp = h("p", { class: "kb-dt__stamp" });
    const top = h("div", { class: "kb-dt__top" });
    const body = h("div", { class: "kb-dt__body" });
    root.replaceChildren(head, stamp, top, body);
    root.setAttribute("role", "region");
    root.setAttribute("aria-labelledby", head.id);

    let state = null;
    let shown = null;

    /* 2026-11-27 14:05, local time: clear in every language, and cheap (an Intl.DateTimeFormat
       costs more than the rest of the widget's start). */
    function stampNow() {
      const now = new Date();
      const two = (n) => String(n).padStart(2, "0");
      const when = `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())} ${two(now.getHours())}:${two(now.getMinutes())}`;
      stamp.replaceChildren(
        h("span", null, t("widget.printed_on") + colon + when),
        h("br"),
        h("a", { href: location.href }, location.href),
      );
    }

    function control(action, st, label, attrs) {
      return h("a", { class: `kb-dt__control kb-dt__control--${action}`, href: url(st), "data-action": action, ...attrs }, label);
    }

    function answersList(st) {
      const rows = given(st).map(([q, i], k) =>
        h(
          "li",
          { class: "kb-dt__answer" },
          h("span", { class: "kb-dt__question" }, textOf(q)),
          h("span", { class: "kb-dt__choice" }, optionLabel(q, i)),
          control("change", revisit(st, k), t("widget.change"), {
            "aria-label": t("widget.change_label", { question: textOf(q) }),
          }),
        ),
      );
      if (!rows.length) return null;
      return h(
        "div",
        { class: "kb-dt__answers" },
        h(
          "div",
          { class: "kb-dt__answers-head" },
          h("h3", { class: "kb-dt__answers-title" }, t("widget.answers")),
          control("restart", restart(st), t("widget.restart")),
        ),
        h("ol", { class: "kb-dt__answer-list" }, rows),
      );
    }

    function question(st, id) {
      const node = nodes[id];
      const help = staticNode(id) && staticNode(id).querySelector(".kb-node__help");
      const chosen = st.at ? st.answers.get(st.at) : -1;
      const options = node.options.map((o, i) =>
        h(
          "button",
          {
            type: "button",
            class: `kb-dt__option${o.playbook ? " kb-dt__option--playbook" : ""}`,
            "data-option": true,
            "data-next": o.playbook ? `playbook:${o.playbook}` : o.next,
            "data-index": String(i),
            "aria-current": i === chosen ? "true" : null,
          },
          h("span", { class: "kb-dt__option-label" }, optionLabel(id, i)),
          o.playbook ? h("span", { class: "kb-dt__option-to" }, t("widget.continue") + colon + o.title) : null,
        ),
      );
      return h(
        "div",
        { class: "kb-dt__step", "data-step": true, "data-node": id },
        h("p", { class: "kb-dt__count" }, t("widget.step", { n: given(st).length + 1 })),
        h("h3", { class: "kb-dt__heading", id: `${prefix}-q`, tabindex: "-1" }, textOf(id)),
        help ? Object.assign(help.cloneNode(true), { className: "kb-dt__help" }) : null,
        h("div", { class: "kb-dt__options", role: "group", "aria-labelledby": `${prefix}-q` }, options),
      );
    }

    /* An action: its content as the page shows it in the static tree, without the
       "reached from" line, which speaks of the tree and not of this route. */
    function outcome(id) {
      const content = staticNode(id).cloneNode(true);
      content.removeAttribute("data-static-node");
      content.classList.add("kb-dt__action");
      for (const from of content.querySelectorAll(".kb-node__from")) from.remove();
      return h(
        "div",
        { class: "kb-dt__outcome", "data-outcome": true, "data-node": id },
        h("p", { class: "kb-dt__count" }, t("widget.outcome")),
        h("h3", { class: "kb-dt__heading kb-dt__heading--action", tabindex: "-1" }, textOf(id)),
        content,
      );
    }

    function render(st, focus) {
      state = st;
      const id = current(st);
      const isAction = !isQuestion(id);
      const count = given(st).length;
      const notice = st.restarted ? h("p", { class: "kb-dt__notice", role: "note" }, t("widget.restarted")) : null;
      top.replaceChildren(...[cameFrom(st.ctx), notice, answersList(st)].filter(Boolean));
      const tools = h(
        "div",
        { class: "kb-dt__tools" },
        h("button", { type: "button", class: "kb-dt__tool", "data-action": "link" }, t("widget.link")),
        isAction ? h("button", { type: "button", class: "kb-dt__tool", "data-action": "print" }, t("widget.print")) : null,
      );
      const nav = count ? h("p", { class: "kb-dt__nav" }, control("back", back(st), t("widget.back"))) : null;
      body.replaceChildren(...[nav, isAction ? outcome(id) : question(st, id), tools].filter(Boolean));
      for (const button of body.querySelectorAll("[data-template] button[data-copy]")) button.hidden = false;

      const q = query(st);
      for (const link of langLinks) link.setAttribute("href", link.getAttribute("data-kb-href") + q);
      root.classList.toggle("kb-dt--journey", count > 0);
      highlight(st);
      stampNow();
      shown = location.search;
      root.hidden = false;
      if (focus) {
        bringIntoView();
        body.querySelector(".kb-dt__heading").focus({ preventScroll: true });
        announce(st.restarted ? t("widget.restarted") : isAction ? t("widget.outcome") : t("widget.step", { n: count + 1 }));
      } else if (st.restarted) {
        announce(t("widget.restarted"));
      }
    }

    /* The step just shown, from its back link to its options (an action: to its heading): if
       any of it is out of view, its top goes just below the sticky header, and on until its first
       option shows if a long help text pushes it down. The focus then moves without scrolling
       (a focus's own scroll left the question half out of view on a phone). */
    function bringIntoView() {
      const header = document.querySelector(".md-header");
      const top = (header ? Math.max(0, header.getBoundingClientRect().bottom) : 0) + 8;
      const bottom = window.innerHeight - 8;
      const start = body.firstElementChild.getBoundingClientRect().top;
      const heading = body.querySelector(".kb-dt__heading").getBoundingClientRect();
      const options = body.querySelector(".kb-dt__options");
      const first = body.querySelector("[data-option]");
      const end = options ? options.getBoundingClientRect().bottom : heading.bottom;
      if (start >= top && end <= bottom) return;
      let by = start - top;
      if (first) {
        // A long help text: scroll on until the first option shows, the heading staying in view.
        const over = first.getBoundingClientRect().bottom - by - bottom;
        if (over > 0) by += Math.min(over, heading.top - by - top);
      }
      window.scrollTo({ top: window.scrollY + by, behavior: "instant" });
    }

    function go(st, focus) {
      try {
        history.pushState(null, "", url(st));
      } catch (err) {
        /* file:// in a strict browser */
      }
      render(st, focus);
    }

    function fromLocation(focus) {
      const st = read(location.search);
      if (st.invalid) history.replaceState(null, "", url(st));
      render(st, focus);
    }

    root.addEventListener("click", (event) => {
      const target = event.target.closest("[data-option], [data-action]");
      if (!target || !root.contains(target)) return;
      if (target.hasAttribute("data-option")) {
        const index = Number(target.getAttribute("data-index"));
        const option = nodes[current(state)].options[index];
        if (option.playbook) {
          const params = [`from=${data.role}/${pid}`];
          if (given(state).length) params.push(`fa=${given(state).map(encode).join(",")}`);
          const there = new URL(option.href, location.href);
          there.search = `?${params.join("&")}`;
          location.assign(there.href);
        } else {
          go(choose(state, index), true);
        }
        return;
      }
      const action = target.getAttribute("data-action");
      if (action === "link") {
        copy(location.href).then(copied(target, null));
      } else if (action === "print") {
        window.print();
      } else if (!(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button)) {
        // back, restart, change: links; a plain click stays on the page
        event.preventDefault();
        const st = read(new URL(target.href).search);
        go(st, true);
      }
    });

    window.addEventListener("popstate", () => {
      if (location.search !== shown) fromLocation(true);
    });
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) fromLocation(false);
    });
    window.addEventListener("beforeprint", stampNow);

    fromLocation(false);
    encloseTree(pid, t);
  }

  /* The static tree of playbook `pid` into a closed <details>, once the widget runs. A link to a
     node in it (the table of contents, a cross-reference) opens it; so does printing, where the
     browser cannot show a closed one's content by CSS. */
  function encloseTree(pid, t) {
    const tree = document.querySelector(`[data-tree="${pid}"]`);
    if (!tree || tree.closest("[data-tree-details]")) return;
    const counts = { questions: 0, actions: 0 };
    for (const node of tree.querySelectorAll("[data-static-node]")) {
      counts[node.classList.contains("kb-node--question") ? "questions" : "actions"] += 1;
    }
    const details = h(
      "details",
      { class: "kb-tree-details", "data-tree-details": pid },
      h(
        "summary",
        { class: "kb-tree-details__summary" },
        h("span", { class: "kb-tree-details__title" }, t("widget.tree_summary", counts)),
        h("span", { class: "kb-tree-details__hint" }, t("widget.tree_hint")),
      ),
    );
    const inside = (hash) => {
      let id = "";
      try {
        id = decodeURIComponent((hash || "").slice(1));
      } catch (err) {
        return null;
      }
      const target = id && document.getElementById(id);
      return target && tree.contains(target) ? target : null;
    };
    tree.before(details);
    details.append(tree);
    // Arrived by a link into the tree: it stays open, where the reader was sent.
    details.open = !!inside(location.hash);
    const open = (target) => {
      if (!target || details.open) return;
      details.open = true;
      target.scrollIntoView();
    };
    window.addEventListener("hashchange", () => open(inside(location.hash)));
    document.addEventListener(
      "click",
      (event) => {
        const link = event.target.closest && event.target.closest('a[href*="#"]');
        if (!link || link.origin !== location.origin || link.pathname !== location.pathname) return;
        const target = inside(link.hash);
        if (target && !details.open) details.open = true;
      },
      true,
    );
    let wasOpen = false;
    window.addEventListener("beforeprint", () => {
      wasOpen = details.open;
      details.open = true;
    });
    window.addEventListener("afterprint", () => {
      details.open = wasOpen;
    });
  }

  /* Copy buttons of the message templates on the page, wherever they are (the static tree, the
     widget's cloned action): one listener for all. A template holds its text to send in Chinese,
     [data-copy-text="<lang tag>"], perhaps in a second script (Simplified beside Traditional);
     button[data-copy="<lang tag>"] copies that one, a plain button[data-copy] the first. */
  KB.components["copy-buttons"] = class CopyButtons {
    constructor(root, pageStrings) {
      strings = pageStrings;
      for (const button of root.querySelectorAll("[data-template] button[data-copy]")) button.hidden = false;
      root.addEventListener("click", (event) => {
        const button = event.target.closest && event.target.closest("button[data-copy]");
        const box = button && button.closest("[data-template]");
        if (!box) return;
        const tag = button.getAttribute("data-copy");
        const texts = Array.from(box.querySelectorAll("[data-copy-text]"));
        const target = texts.find((el) => el.getAttribute("data-copy-text") === tag) || texts[0];
        if (target) copy(target.textContent.trim()).then(copied(button, target));
      });
    }
  };

  KB.components["decision-tree"] = class DecisionTree {
    constructor(root, pageStrings) {
      try {
        widget(root, pageStrings);
      } catch (err) {
        root.hidden = true;
        root.classList.remove("kb-dt");
        throw err;
      }
    }
  };
})();
