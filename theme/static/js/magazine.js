// The magazine's one first-party loader (plugins/dialog/README.md, "The loader"). No inline
// script anywhere. Loaded with `defer` from <head>, so the document is parsed when it runs.
//
// Content cannot steer it:
// - Its configuration is the theme's <script type="application/json" id="magazine-config">
//   in <head> (plugins/dialog/loader.py), found by id and checked to be exactly that element.
//   Every href it requests, loads or frames comes from there; an embed's iframe only from
//   the origins the site's CSP frame-src names. Relative addresses resolve against
//   `location`, not `document.baseURI` (a <base> in content could move that).
// - DOM methods are taken from the prototypes, never looked up on `document`, whose
//   properties <img name="…"> and friends can shadow (DOM clobbering). Forms are never
//   acted on (their fields' names shadow their properties).
// - Each feature, and each element a feature works on, starts in its own try/catch: one
//   that fails does not stop the others (it says why with console.warn).
//
// Features: Isso's client, loaded from the configured endpoint when the reader comes near
// the thread; comment counts with one POST /count; "copy link" as a button. Pages that need
// more import a module from beside this file: consent.js (consent-gated embeds and
// third-party comment clients), search.js (the search page).
(() => {
  "use strict";
  // a prototype's method or getter, called on an object: proto(Document.prototype, "body")(document)
  const proto = (type, name) => {
    const { value, get } = Object.getOwnPropertyDescriptor(type, name);
    return (self, ...args) => Reflect.apply(get || value, self, args);
  };
  const D = Document.prototype;
  const byId = proto(D, "getElementById");
  const qsa = proto(D, "querySelectorAll");
  const make = proto(D, "createElement");
  const head = proto(D, "head");
  const body = proto(D, "body");
  const listen = proto(EventTarget.prototype, "addEventListener");

  // An element the loader may use: of the expected type, and not a form.
  const ok = (node, type = HTMLElement) => node instanceof type && !(node instanceof HTMLFormElement);
  const need = (node, what, type) => {
    if (!ok(node, type)) throw Error("no " + what);
    return node;
  };
  const all = (css, type) => [...qsa(document, css)].filter((n) => ok(n, type));
  const one = (root, css, type) => need(root.querySelector(css), css, type);
  const id = (name, type) => need(byId(document, name), "#" + name, type);
  const url = (href) => new URL(href, location.href);
  const guard = (what, work) => {
    try { work(); } catch (error) { console.warn("magazine.js:", what, error.message); }
  };

  function readConfig() {
    const node = byId(document, "magazine-config");
    if (!(node instanceof HTMLScriptElement) || node.type !== "application/json" ||
        node.parentNode !== head(document)) throw Error("no #magazine-config in <head>");
    return JSON.parse(node.textContent) || {};
  }

  function addScript(src, attrs, parent) {
    const script = make(document, "script");
    for (const [name, value] of Object.entries(attrs || {})) script.setAttribute(name, value);
    script.src = url(src).href;
    script.async = true;
    parent.append(script);
  }

  // --- the page's thread ------------------------------------------------------------------
  // the section of the page's thread (a third-party one: consent.js)
  const threadBox = (thread) => {
    const box = id(thread.anchor);
    if (!box.classList.contains("dialog")) throw Error("#" + thread.anchor + " is no thread");
    return box;
  };

  function isso(thread, comments) {
    threadBox(thread);
    // Isso's client renders into the first #isso-thread: load it only when that is this
    // page's thread, so its comments can never go to another one
    const node = id("isso-thread");
    if (node.dataset.issoId !== thread.id) throw Error("#isso-thread is not this page's");
    const endpoint = url(comments.endpoint).href;
    if (thread.state === "closed") {
      // a closed thread shows its comments, but no form and no reply links
      new MutationObserver(() => node.querySelectorAll(".isso-postbox, .isso-reply").forEach(
        (part) => part.remove())).observe(node, { childList: true, subtree: true });
    }
    const load = () => addScript(endpoint + "js/embed.min.js", {
      "data-isso": endpoint, "data-isso-lang": thread.lang, "data-isso-avatar": "false",
      "data-isso-gravatar": "false", "data-isso-vote": "false",
    }, body(document));
    if (/^#(isso-|kommentare$|fragen$)/.test(location.hash)) return load();
    const near = new IntersectionObserver((seen) => {
      if (seen.some((entry) => entry.isIntersecting)) {
        near.disconnect();
        load();
      }
    }, { rootMargin: "400px 0px" });
    near.observe(node);
  }

  function countLinks(comments) {
    // Isso's count links: one POST to the configured endpoint's /count instead of Isso's
    // 50 KB count script
    const links = all("a[data-isso-id]", HTMLAnchorElement);
    const texts = comments.counts;
    if (links.length) fetch(url(comments.endpoint).href + "count", {
      method: "POST", headers: { "Content-Type": "application/json" }, credentials: "omit",
      body: JSON.stringify(links.map((link) => link.dataset.issoId)),
    }).then((answer) => (answer.ok ? answer.json() : [])).then((counts) => {
      links.forEach((link, i) => {
        const n = counts[i];
        if (typeof n !== "number") return;
        link.textContent = (n ? n > 1 ? texts.many : texts.one : texts.none).replace("{n}", n);
        link.dataset.count = n;
      });
    }, () => { /* Isso unreachable: the links keep saying "Kommentare" */ });
  }

  function copyLink(link, copy) {
    const status = one(link.closest(".share") || link, ".share__status");
    const button = make(document, "button");
    button.type = "button";
    button.className = link.className;
    button.textContent = link.textContent;
    listen(button, "click", () => {
      (isSecureContext && navigator.clipboard ? navigator.clipboard.writeText(copy.url)
        : Promise.reject()).then(() => { status.textContent = copy.done; },
        () => { status.textContent = copy.failed + " " + copy.url; });
    });
    link.replaceWith(button);
  }

  // A module next to this file (the script's own address, not the document's), started
  // with the configuration and the helpers above: consent.js, search.js.
  const dom = { id, one, all, make: (tag) => make(document, tag), listen, url, guard, addScript,
                threadBox };
  const use = (name, start) => import(`./${name}.js`).then(start).catch(
    (error) => console.warn("magazine.js:", name, error.message));

  let config = {};
  guard("configuration", () => { config = readConfig(); });
  const { thread, comments, copy, search } = config;
  const figures = all("figure[data-consent=embed]");
  if (figures.length || (thread && thread.provider !== "isso")) {
    use("consent", (module) => module.start(config, figures, dom));
  }
  if (thread && thread.provider === "isso") guard("thread", () => isso(thread, comments));
  if (comments) guard("counts", () => countLinks(comments));
  if (copy) {
    for (const link of all("a.share__link--copy", HTMLAnchorElement)) {
      guard("copy link", () => copyLink(link, copy));
    }
  }
  if (search) use("search", (module) => module.start(search, dom));
})();
