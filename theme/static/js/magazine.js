// The magazine's one first-party loader (plugins/dialog/README.md, "The loader"). No inline
// script anywhere. Loaded with `defer` from <head>, so the document is parsed when it runs.
//
// Content cannot steer it:
// - Its configuration is the theme's <script type="application/json" id="magazine-config">
//   in <head> (plugins/dialog/loader.py), found by id and checked to be exactly that element.
//   Every address it requests, loads or frames comes from there; an embed's iframe only from
//   the origins the site's CSP frame-src names. Relative addresses resolve against
//   `location`, not `document.baseURI` (a <base> in content could move that).
// - DOM methods are taken from the prototypes, never looked up on `document`, whose
//   properties <img name="…"> and friends can shadow (DOM clobbering). Forms are never
//   acted on (their fields' names shadow their properties).
// - Each feature, and each element a feature works on, starts in its own try/catch: one
//   that fails does not stop the others (it says why with console.warn).
//
// Features: consent-gated embeds and third-party comment clients (nothing loads before the
// reader's click; "always allow" is stored in localStorage only when the reader ticks it);
// Isso's client, loaded from the configured endpoint when the reader comes near the thread;
// comment counts with one POST /count; "copy link" as a button; the search page (search.js).
// The minifier keeps names as written: they are short on purpose (the page-weight budget).
(() => {
  "use strict";
  const KEY = "magazine.consent.";
  // a prototype's method or getter, called on an object: proto(Document.prototype, "body")(document)
  const proto = (type, name) => {
    const { value, get } = Object.getOwnPropertyDescriptor(type, name);
    return (self, ...args) => Reflect.apply(get || value, self, args);
  };
  const D = Document.prototype;
  const byId = proto(D, "getElementById");
  const queryAll = proto(D, "querySelectorAll");
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
  const all = (selector, type) => [...queryAll(document, selector)].filter((n) => ok(n, type));
  const one = (root, selector, type) => need(root.querySelector(selector), selector, type);
  const id = (name, type) => need(byId(document, name), "#" + name, type);
  const url = (address) => new URL(address, location.href);
  const attempt = (what, work) => {
    try { work(); } catch (error) { console.warn("magazine.js:", what, error.message); }
  };

  function readConfig() {
    const node = byId(document, "magazine-config");
    if (!(node instanceof HTMLScriptElement) || node.type !== "application/json" ||
        node.parentNode !== head(document)) throw Error("no #magazine-config in <head>");
    return JSON.parse(node.textContent) || {};
  }

  function loadScript(src, attributes, parent) {
    const script = make(document, "script");
    for (const [name, value] of Object.entries(attributes || {})) script.setAttribute(name, value);
    script.src = url(src).href;
    script.async = true;
    parent.append(script);
  }

  // --- consent: embeds and third-party comment clients ------------------------------------
  const consents = [];  // {provider, show, consent, done}

  function activate(entry) {
    if (entry.done) return;
    entry.done = true;
    entry.consent.hidden = true;
    attempt("consent", entry.show);
  }

  function offerConsent(root, provider, show) {
    const entry = { provider, show, consent: one(root, ".consent") };
    const button = one(entry.consent, "[data-consent-load]", HTMLButtonElement);
    const always = one(entry.consent, "[data-consent-always]", HTMLInputElement);
    consents.push(entry);
    let remembered = false;
    try { remembered = localStorage.getItem(KEY + provider) === "always"; } catch { /* none */ }
    if (remembered) return activate(entry);
    entry.consent.hidden = false;
    listen(button, "click", () => {
      if (always.checked) {
        try { localStorage.setItem(KEY + provider, "always"); } catch { /* this page only */ }
        consents.filter((other) => other.provider === provider).forEach(activate);
      }
      activate(entry);
    });
  }

  function startEmbed(figure, frames) {
    // the iframe's address must be https on an origin of the site's frame-src
    const data = figure.dataset;
    const src = new URL(data.embedSrc);
    if (src.protocol !== "https:" || !frames.includes(src.origin)) {
      throw Error(src.origin + " is not an embed origin of this site");
    }
    const stage = one(figure, ".embed__stage");
    offerConsent(figure, data.consentProvider, () => {
      const frame = make(document, "iframe");
      frame.className = "embed__frame embed__frame--" + data.embedKind;
      frame.src = src.href;
      frame.title = data.embedTitle;
      frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups " +
        "allow-popups-to-escape-sandbox allow-presentation");
      stage.replaceChildren(frame);
      figure.classList.add("embed--loaded");
    });
  }

  // --- the page's thread ------------------------------------------------------------------
  function startThread(thread, comments) {
    const section = id(thread.anchor);
    if (!section.classList.contains("dialog")) throw Error("#" + thread.anchor + " is no thread");
    if (thread.provider !== "isso") {
      // Giscus, Remark42: their client's address, script attributes and global
      // (remark_config) come with the configuration
      const gate = one(section, ".dialog__gate");
      return offerConsent(gate, thread.provider, () => {
        Object.assign(window, thread.global);
        loadScript(thread.src, thread.attributes, section);
        gate.hidden = true;
      });
    }
    // Isso's client renders into the first #isso-thread: load it only when that is this
    // page's thread, so its comments can never go to another one
    const node = id("isso-thread");
    if (node.dataset.issoId !== thread.id) throw Error("#isso-thread is not this page's");
    const endpoint = url(comments.endpoint).href;
    if (thread.state === "closed") {
      // a closed thread shows its comments, but no form and no reply links
      new MutationObserver(() => node.querySelectorAll(".isso-postbox, .isso-reply").forEach(
        (box) => box.remove())).observe(node, { childList: true, subtree: true });
    }
    const load = () => loadScript(endpoint + "js/embed.min.js", {
      "data-isso": endpoint, "data-isso-lang": thread.lang, "data-isso-avatar": "false",
      "data-isso-gravatar": "false", "data-isso-vote": "false",
    }, body(document));
    if (/^#(isso-|kommentare$|fragen$)/.test(location.hash)) return load();
    const near = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        near.disconnect();
        load();
      }
    }, { rootMargin: "400px 0px" });
    near.observe(node);
  }

  function startCounts(comments) {
    // Isso's count links: one POST to the configured endpoint's /count instead of Isso's
    // 50 KB count script
    const links = all("a[data-isso-id]", HTMLAnchorElement);
    const texts = comments.counts;
    if (links.length) fetch(url(comments.endpoint).href + "count", {
      method: "POST", headers: { "Content-Type": "application/json" }, credentials: "omit",
      body: JSON.stringify(links.map((link) => link.dataset.issoId)),
    }).then((response) => (response.ok ? response.json() : [])).then((counts) => {
      links.forEach((link, i) => {
        const n = counts[i];
        if (typeof n !== "number") return;
        link.textContent = (n ? n > 1 ? texts.many : texts.one : texts.none).replace("{n}", n);
        link.dataset.count = n;
      });
    }, () => { /* Isso unreachable: the links keep saying "Kommentare" */ });
  }

  function copyButton(link, copy) {
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

  let config = {};
  attempt("configuration", () => { config = readConfig(); });
  const { frames = [], thread, comments, copy, search } = config;
  for (const figure of all("figure[data-consent=embed]")) {
    attempt("embed", () => startEmbed(figure, frames));
  }
  if (thread) attempt("thread", () => startThread(thread, comments));
  if (comments) attempt("counts", () => startCounts(comments));
  if (copy) {
    for (const link of all("a.share__link--copy", HTMLAnchorElement)) {
      attempt("copy link", () => copyButton(link, copy));
    }
  }
  // search.js (the search page only) gets the configuration and what it needs to find its
  // elements safely
  if (search) {
    import(url(search.module).href).then((module) => module.start(
      { ...search, pagefind: url(search.pagefind).href },
      { id, make: (name) => make(document, name), listen },
    )).catch((error) => console.warn("magazine.js: search", error.message));
  }
})();
