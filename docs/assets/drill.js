/* Training: the case drill, the quick checks, the curriculum and the training record.
 *
 * Components started by docs/assets/kb.js:
 *   "drill" on a drill page's [data-drill][data-playbook] (hooks/disputekb/templates/
 *     training-drill.html.j2). The page is a list of cases that reads without JavaScript; this
 *     hides it and runs one case at a time: the story, then the playbook's questions one by one
 *     (texts from <template data-drill-bank>, routes and each case's answers from
 *     <script data-drill-data>), a verdict at the action reached, the next case, the score at
 *     the end. The first answer of each case in a run is its score ("right first time");
 *     "try again" replays a missed case, which counts once answered right. #case-<id> opens
 *     that case, so a trainer can point at one.
 *   "quick-checks" on the list of quick checks: a choice says right or wrong at once.
 *   "curriculum" on the curriculum: each module's progress and best score, data-done once every
 *     case has been answered right, and "reset my progress".
 *   "training-record" on the record: best scores and today's date, to print.
 *
 * Progress stays in this browser: localStorage "kb-training:<playbook id>", or memory for the
 * page's lifetime where storage is blocked (as checklist.js does); nothing is sent anywhere.
 * Every text comes from the page: its own markup, or its UI strings (drill.*, strings.yml).
 * Text goes in as text nodes or clones only: no innerHTML.
 *
 * Test hooks: case [data-case="<id>"] with [data-case-story]; question [data-step][data-node]
 * with button[data-option][data-next]; verdict [data-drill-result][data-correct][data-expected]
 * [data-reached]; controls [data-action=next-case|try-again|restart|again|reset-progress];
 * score [data-drill-score][data-right][data-total]; quick check [data-quick-check] with
 * button[data-choice][data-node], data-correct once answered.
 */
(() => {
  "use strict";

  const PREFIX = "kb-training:";

  const KB = (window.KB = window.KB || { components: {} });
  /* Storage and elements: docs/assets/kb.js (loaded after this file, used once the page starts). */
  const read = (key) => KB.store.read(key);
  const write = (key, value) => KB.store.write(key, value);

  const persistent = () => KB.store.persistent();
  const trainingKeys = () => KB.store.keys(PREFIX);

  /* A playbook's progress: {right: [case ids ever answered right], run: {at: case index,
     first: {case id: right the first time?}}, best: score of the best finished run, of: out of}. */
  function load(pid) {
    const fresh = { right: [], run: { at: 0, first: {} }, best: null, of: null };
    const raw = read(PREFIX + pid);
    if (!raw) return fresh;
    try {
      const state = JSON.parse(raw);
      if (!state || !Array.isArray(state.right) || !state.run || typeof state.run.first !== "object") return fresh;
      return {
        right: state.right.filter((id) => typeof id === "string"),
        run: { at: Number.isInteger(state.run.at) ? state.run.at : 0, first: state.run.first || {} },
        best: Number.isInteger(state.best) ? state.best : null,
        of: Number.isInteger(state.of) ? state.of : null,
      };
    } catch (err) {
      return fresh; /* not ours or damaged: start afresh */
    }
  }

  function save(pid, state) {
    write(PREFIX + pid, JSON.stringify(state));
  }

  /* What a module's progress says, for the curriculum and the record. */
  function summary(pid, ids) {
    const state = load(pid);
    const right = ids.filter((id) => state.right.includes(id)).length;
    const best = state.of === ids.length ? state.best : null;
    return { right, total: ids.length, best, started: right > 0 || best !== null || Object.keys(state.run.first).length > 0, done: ids.length > 0 && right === ids.length };
  }

  const h = (...args) => KB.h(...args);

  function translator(strings) {
    return (key, vars) => (strings[key] || key).replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? String(vars[k]) : m));
  }

  function today() {
    const now = new Date();
    const two = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
  }

  const byAttr = (attribute, value) => [...document.querySelectorAll(`[${attribute}]`)].find((el) => el.getAttribute(attribute) === value);

  /* --- the drill ------------------------------------------------------------------------------ */

  class Drill {
    constructor(root, strings) {
      this.root = root;
      this.t = translator(strings);
      this.pid = root.getAttribute("data-playbook");
      const json = byAttr("data-drill-data", this.pid);
      const bank = byAttr("data-drill-bank", this.pid);
      this.list = root.querySelector("[data-drill-static]");
      if (!json || !bank || !this.list) throw new Error(`drill ${this.pid}: its data is missing`);
      this.data = JSON.parse(json.textContent);
      this.bank = bank.content;
      this.cases = this.data.cases;
      if (!this.cases.length) return;
      const lang = root.getAttribute("data-lang") || document.documentElement.lang;
      this.colon = lang.startsWith("zh") ? "：" : ": ";
      this.state = load(this.pid);
      this.path = [];
      this.node = this.data.start;

      this.live = h("p", { class: "kb-drill__live", "aria-live": "polite", "data-drill-live": true });
      this.view = h("div", { class: "kb-drill__runner" });
      this.list.hidden = true;
      root.classList.add("kb-drill--ready");
      const notice = persistent() ? null : h("p", { class: "kb-training-notice", role: "note" }, this.t("drill.memory_only"));
      root.append(...[notice, this.view, this.live].filter(Boolean));

      root.addEventListener("click", (event) => this.click(event));
      window.addEventListener("hashchange", () => this.fromHash(true));
      window.addEventListener("pageshow", (event) => {
        if (event.persisted) {
          this.state = load(this.pid);
          this.show(false);
        }
      });
      if (!this.fromHash(false)) this.show(false);
    }

    /* Texts of the page */
    question(id) {
      return this.bank.querySelector(`[data-bank-question="${id}"]`);
    }

    questionText(id) {
      const q = this.question(id);
      return q ? q.querySelector("[data-bank-text]").textContent.trim() : id;
    }

    optionText(id, index) {
      const option = this.data.nodes[id].options[index];
      const label = this.question(id).querySelectorAll("[data-option-label]")[index];
      return label ? label.textContent.trim() : option.next || option.playbook;
    }

    endText(end) {
      if (end.startsWith("playbook:")) {
        const to = this.continuation(end);
        return `${this.t("widget.continue")}${this.colon}${to ? to.title : end.slice(9)}`;
      }
      const action = this.bank.querySelector(`[data-bank-action="${end}"]`);
      return action ? action.textContent.trim() : end;
    }

    continuation(end) {
      for (const node of Object.values(this.data.nodes)) {
        for (const option of node.options || []) if (option.playbook && `playbook:${option.playbook}` === end) return option;
      }
      return null;
    }

    story(id) {
      const item = this.list.querySelector(`[data-static-case="${id}"] [data-static-story]`);
      return item ? item.textContent.trim() : "";
    }

    lesson(id) {
      const item = this.list.querySelector(`[data-static-case="${id}"] [data-static-lesson]`);
      return item ? [...item.cloneNode(true).childNodes] : [];
    }

    guide(node) {
      return `${this.data.guide}#${node}`;
    }

    isQuestion(id) {
      return Array.isArray((this.data.nodes[id] || {}).options);
    }

    target(id, index) {
      const option = this.data.nodes[id].options[index];
      return option.playbook ? `playbook:${option.playbook}` : option.next;
    }

    announce(message) {
      // A toggled trailing space: the same message twice is announced twice.
      this.live.textContent = message + (this.live.textContent.endsWith("\u00a0") ? "" : "\u00a0");
    }

    /* State */
    get at() {
      return Math.max(0, Math.min(this.state.run.at, this.cases.length));
    }

    store() {
      save(this.pid, this.state);
    }

    fromHash(focus) {
      const match = /^#case-(.+)$/.exec(location.hash);
      const index = match ? this.cases.findIndex((c) => c.id === decodeURIComponent(match[1])) : -1;
      if (index < 0) return false;
      this.state.run.at = index;
      this.store();
      this.show(focus);
      return true;
    }

    newRun() {
      this.state.run = { at: 0, first: {} };
      this.store();
      this.show(true);
    }

    /* Views */
    show(focus) {
      this.path = [];
      this.node = this.data.start;
      if (this.at >= this.cases.length) this.view.replaceChildren(this.scoreView());
      else this.view.replaceChildren(this.caseView());
      if (focus) {
        const heading = this.view.querySelector("[data-focus]");
        if (heading) heading.focus();
      }
    }

    caseView() {
      const c = this.cases[this.at];
      const n = this.at + 1;
      const title = h("h3", { class: "kb-drill__case-title", id: `drill-${this.pid}-case`, tabindex: "-1", "data-focus": true }, this.t("drill.case", { n, total: this.cases.length }));
      const bar = h(
        "div",
        { class: "kb-drill__bar" },
        title,
        this.at > 0 || Object.keys(this.state.run.first).length
          ? h("button", { type: "button", class: "kb-drill__link", "data-action": "restart" }, this.t("drill.restart"))
          : null,
      );
      this.stepBox = h("div", { class: "kb-drill__current" }, this.stepView());
      this.answersBox = h("div", { class: "kb-drill__answers" });
      return h(
        "section",
        { class: "kb-drill__case", "data-case": c.id, "aria-labelledby": title.id },
        bar,
        h("div", { class: "kb-drill__story", "data-case-story": true }, h("p", { class: "kb-drill__label" }, this.t("drill.story")), h("p", null, this.story(c.id))),
        this.answersBox,
        this.stepBox,
      );
    }

    answersView() {
      if (!this.path.length) return [];
      return [
        h("p", { class: "kb-drill__label" }, this.t("drill.answers")),
        h(
          "ol",
          { class: "kb-drill__answer-list" },
          this.path.map(([q, i]) => h("li", null, h("span", { class: "kb-drill__q" }, this.questionText(q)), " ", h("strong", { class: "kb-drill__a" }, this.optionText(q, i)))),
        ),
      ];
    }

    stepView() {
      const id = this.node;
      const q = this.question(id);
      const help = q && q.querySelector("[data-bank-help]");
      const headingId = `drill-${this.pid}-q`;
      const options = this.data.nodes[id].options.map((option, index) =>
        h(
          "button",
          { type: "button", class: "kb-drill__option", "data-option": true, "data-next": this.target(id, index), "data-index": String(index) },
          this.optionText(id, index),
        ),
      );
      return h(
        "div",
        { class: "kb-drill__step", "data-step": true, "data-node": id },
        h("p", { class: "kb-drill__count" }, this.t("drill.question", { n: this.path.length + 1 })),
        h("h4", { class: "kb-drill__question", id: headingId, tabindex: "-1", "data-focus": true }, this.questionText(id)),
        help ? Object.assign(help.cloneNode(true), { className: "kb-drill__help" }) : null,
        h("div", { class: "kb-drill__options", role: "group", "aria-labelledby": headingId }, options),
      );
    }

    resultView(reached) {
      const c = this.cases[this.at];
      const correct = reached === c.expect;
      const last = this.at === this.cases.length - 1;
      const verdict = this.t(correct ? "drill.right" : "drill.wrong");
      const rows = [[this.t("drill.reached"), h("strong", null, this.endText(reached))]];
      let step = c.expect;
      let divergence = null;
      if (!correct) {
        const wrong = this.path.find(([q, i]) => this.target(q, i) !== c.answers[q]);
        if (wrong) {
          const [q, i] = wrong;
          step = divergence = q;
          const rightIndex = this.data.nodes[q].options.findIndex((o) => o.next === c.answers[q]);
          rows.push(
            [this.t("drill.diverged"), this.questionText(q)],
            [this.t("drill.you_chose"), h("span", { "data-chosen": true }, this.optionText(q, i))],
            [this.t("drill.right_option"), h("strong", { "data-right-option": true }, rightIndex >= 0 ? this.optionText(q, rightIndex) : "")],
          );
        }
        rows.push([this.t("drill.expected"), h("strong", { "data-expected-title": true }, this.endText(c.expect))]);
      }
      const parts = [
        h("h4", { class: "kb-drill__verdict", tabindex: "-1", "data-focus": true }, verdict),
        h(
          "dl",
          { class: "kb-drill__facts", "data-divergence": divergence },
          rows.flatMap(([term, value]) => [h("dt", null, term), h("dd", null, value)]),
        ),
      ];
      parts.push(h("p", { class: "kb-drill__lesson", "data-lesson": true }, h("span", { class: "kb-drill__label-inline" }, this.t("drill.lesson") + this.colon), ...this.lesson(c.id)));
      parts.push(h("p", null, h("a", { href: this.guide(step), "data-guide-step": step }, this.t("drill.see_step"))));
      const controls = h(
        "div",
        { class: "kb-drill__controls" },
        correct ? null : h("button", { type: "button", class: "md-button", "data-action": "try-again" }, this.t("drill.try_again")),
        h("button", { type: "button", class: "md-button md-button--primary", "data-action": "next-case" }, this.t(last ? "drill.finish" : "drill.next")),
      );
      return h(
        "div",
        {
          class: `kb-drill__result kb-drill__result--${correct ? "right" : "wrong"}`,
          "data-drill-result": true,
          "data-correct": String(correct),
          "data-expected": c.expect,
          "data-reached": reached,
        },
        parts,
        controls,
      );
    }

    scoreView() {
      const total = this.cases.length;
      const right = this.cases.filter((c) => this.state.run.first[c.id] === true).length;
      const missed = this.cases.map((c, i) => [c, i + 1]).filter(([c]) => !this.state.right.includes(c.id));
      const title = h("h3", { class: "kb-drill__case-title", tabindex: "-1", "data-focus": true }, this.t("drill.score_title"));
      return h(
        "section",
        { class: "kb-drill__score", "data-drill-score": true, "data-right": String(right), "data-total": String(total), "aria-label": this.t("drill.score_title") },
        title,
        h("p", { class: "kb-drill__score-line" }, this.t("drill.score", { right, total })),
        this.state.best !== null ? h("p", null, this.t("drill.best", { best: this.state.best, total })) : null,
        missed.length
          ? h("p", null, this.t("drill.missed", { cases: missed.map(([, n]) => String(n)).join(", ") }))
          : h("p", { class: "kb-drill__done" }, this.t("drill.all_right")),
        h("div", { class: "kb-drill__controls" }, h("button", { type: "button", class: "md-button md-button--primary", "data-action": "again" }, this.t("drill.again"))),
      );
    }

    /* Answers */
    choose(index) {
      const id = this.node;
      this.path.push([id, index]);
      const to = this.target(id, index);
      if (this.isQuestion(to)) {
        this.node = to;
        this.answersBox.replaceChildren(...this.answersView());
        this.stepBox.replaceChildren(this.stepView());
        this.announce(this.t("drill.question", { n: this.path.length + 1 }));
      } else {
        this.finish(to);
      }
      this.stepBox.querySelector("[data-focus]").focus();
    }

    finish(reached) {
      const c = this.cases[this.at];
      const correct = reached === c.expect;
      if (!(c.id in this.state.run.first)) this.state.run.first[c.id] = correct;
      if (correct && !this.state.right.includes(c.id)) this.state.right.push(c.id);
      this.store();
      this.answersBox.replaceChildren(...this.answersView());
      this.stepBox.replaceChildren(this.resultView(reached));
      this.announce(this.t(correct ? "drill.right" : "drill.wrong"));
    }

    next() {
      this.state.run.at = this.at + 1;
      if (this.state.run.at >= this.cases.length) {
        const total = this.cases.length;
        const right = this.cases.filter((c) => this.state.run.first[c.id] === true).length;
        // A best score of another number of cases (the playbook has changed) no longer counts.
        const before = this.state.of === total ? this.state.best : null;
        this.state.best = before === null ? right : Math.max(before, right);
        this.state.of = total;
        this.announce(this.t("drill.score", { right, total }));
      }
      this.store();
      if (location.hash.startsWith("#case-")) history.replaceState(null, "", location.pathname + location.search);
      this.show(true);
    }

    click(event) {
      const target = event.target.closest("[data-option], [data-action]");
      if (!target || !this.view.contains(target)) return;
      if (target.hasAttribute("data-option")) {
        this.choose(Number(target.getAttribute("data-index")));
        return;
      }
      const action = target.getAttribute("data-action");
      if (action === "next-case") this.next();
      else if (action === "try-again") this.show(true);
      else if (action === "restart" || action === "again") this.newRun();
    }
  }

  /* --- quick checks --------------------------------------------------------------------------- */

  class QuickChecks {
    constructor(root, strings) {
      const t = translator(strings);
      for (const item of root.querySelectorAll("[data-quick-check]")) {
        const key = item.querySelector("[data-check-key]");
        if (key) key.hidden = true;
        for (const choice of item.querySelectorAll("button[data-choice]")) choice.setAttribute("aria-pressed", "false");
      }
      root.classList.add("kb-checks--ready");
      root.addEventListener("click", (event) => {
        const button = event.target.closest("button[data-choice]");
        const item = button && button.closest("[data-quick-check]");
        if (!item) return;
        const correct = button.getAttribute("data-node") === item.getAttribute("data-expected");
        item.setAttribute("data-correct", String(correct));
        for (const choice of item.querySelectorAll("button[data-choice]")) {
          choice.removeAttribute("data-chosen");
          choice.setAttribute("aria-pressed", "false");
        }
        button.setAttribute("data-chosen", "");
        button.setAttribute("aria-pressed", "true");
        for (const choice of item.querySelectorAll("button[data-choice]")) {
          choice.toggleAttribute("data-right", choice.getAttribute("data-node") === item.getAttribute("data-expected"));
        }
        const feedback = item.querySelector("[data-check-feedback]");
        const key = item.querySelector("[data-check-key] a");
        feedback.replaceChildren(
          h("strong", null, t(correct ? "drill.qc_right" : "drill.qc_wrong")),
          correct || !key ? null : " ",
          correct || !key ? null : key.cloneNode(true),
        );
      });
    }
  }

  /* --- the curriculum ------------------------------------------------------------------------- */

  class Curriculum {
    constructor(root, strings) {
      this.t = translator(strings);
      this.modules = [...root.querySelectorAll("[data-training-module]")];
      this.notice = root.querySelector("[data-training-notice]");
      if (this.notice && !persistent()) {
        this.notice.textContent = this.t("drill.memory_only");
        this.notice.hidden = false;
      }
      const reset = root.querySelector("[data-training-reset]");
      if (reset) reset.hidden = false;
      this.summary = root.querySelector("[data-curriculum-summary]");
      const ask = root.querySelector("[data-action=reset-ask]");
      const confirm = ask && document.getElementById(ask.getAttribute("aria-controls"));
      root.addEventListener("click", (event) => {
        const button = event.target.closest("[data-action]");
        if (!button || !confirm) return;
        if (button === ask) {
          confirm.hidden = !confirm.hidden;
          ask.setAttribute("aria-expanded", String(!confirm.hidden));
        } else if (button.getAttribute("data-action") === "reset-progress") {
          for (const key of trainingKeys()) write(key, null);
          this.show();
          confirm.hidden = true;
          ask.setAttribute("aria-expanded", "false");
          if (this.notice) {
            this.notice.setAttribute("role", "status");
            this.notice.textContent = this.t("drill.reset_done");
            this.notice.hidden = false;
          }
          ask.focus();
        }
      });
      window.addEventListener("storage", (event) => {
        if (event.key === null || event.key.startsWith(PREFIX)) this.show();
      });
      window.addEventListener("pageshow", (event) => {
        if (event.persisted) this.show();
      });
      this.show();
    }

    show() {
      let done = 0;
      for (const entry of this.modules) {
        const pid = entry.getAttribute("data-module");
        const ids = (entry.getAttribute("data-cases") || "").split(" ").filter(Boolean);
        const s = summary(pid, ids);
        const out = entry.querySelector("[data-module-progress]");
        entry.toggleAttribute("data-done", s.done);
        if (s.done) done += 1;
        if (!out) continue;
        const parts = [];
        if (s.done) parts.push(h("strong", { class: "kb-module__done" }, `✓ ${this.t("drill.done")}`));
        else if (s.started) parts.push(this.t("drill.progress", { right: s.right, total: s.total }));
        if (s.best !== null) parts.push(this.t("drill.best_short", { best: s.best, total: s.total }));
        out.replaceChildren(...parts.flatMap((part, i) => (i ? [" · ", part] : [part])));
      }
      if (this.summary) this.summary.textContent = this.t("drill.summary", { done, total: this.modules.length });
    }
  }

  /* --- the training record -------------------------------------------------------------------- */

  class TrainingRecord {
    constructor(root) {
      this.root = root;
      this.fill();
      window.addEventListener("beforeprint", () => this.fill());
      window.addEventListener("pageshow", (event) => {
        if (event.persisted) this.fill();
      });
    }

    fill() {
      for (const row of this.root.querySelectorAll("[data-record-playbook]")) {
        const ids = (row.getAttribute("data-cases") || "").split(" ").filter(Boolean);
        const s = summary(row.getAttribute("data-record-playbook"), ids);
        row.querySelector("[data-record-score]").textContent = s.best === null ? "" : String(s.best);
        row.querySelector("[data-record-done]").textContent = s.done ? "✓ " : "";
        row.toggleAttribute("data-done", s.done);
      }
      const date = this.root.querySelector("[data-record-date]");
      if (date) date.textContent = today();
    }
  }

  KB.components.drill = Drill;
  KB.components["quick-checks"] = QuickChecks;
  KB.components.curriculum = Curriculum;
  KB.components["training-record"] = TrainingRecord;
})();
