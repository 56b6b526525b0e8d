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
//   that fails does not stop the others.
//
// Features: consent-gated embeds and third-party comment clients (nothing loads before the
// reader's click; "always allow" is stored in localStorage only when the reader ticks it);
// Isso's client, loaded from the configured endpoint when the reader comes near the thread;
// comment counts with one POST /count; "copy link" as a button; the search page (search.js).
(() => {
  "use strict";
  const KEY = "magazine.consent.";
  const method = (proto, name) => {
    const { value, get } = Object.getOwnPropertyDescriptor(proto, name);
    return (self, ...args) => Reflect.apply(get || value, self, args);
  };
  const byId = method(Document.prototype, "getElementById");
  const queryAll = method(Document.prototype, "querySelectorAll");
  const create = method(Document.prototype, "createElement");
  const head = method(Document.prototype, "head");
  const body = method(Document.prototype, "body");
  const listen = method(EventTarget.prototype, "addEventListener");

  // An element the loader may read and change: of the expected type, and not a form.
  const usable = (node, type = HTMLElement) =>
    node instanceof type && !(node instanceof HTMLFormElement);
  const all = (selector, type = HTMLElement) =>
    [...queryAll(document, selector)].filter((node) => usable(node, type));
  const one = (root, selector, type = HTMLElement) => {
    const node = root.querySelector(selector);
    if (!usable(node, type)) throw new Error(`no ${selector}`);
    return node;
  };
  const element = (id, type = HTMLElement) => {
    const node = byId(document, id);
    if (!usable(node, type)) throw new Error(`no #${id}`);
    return node;
  };
  const address = (url) => new URL(url, location.href);
  const text = (value) => (typeof value === "string" ? value : "");
  const warn = (what, error) => console.warn(`magazine.js: ${what}: ${error && error.message}`);
  const attempt = (what, work) => {
    try { work(); } catch (error) { warn(what, error); }
  };

  function readConfig() {
    const node = byId(document, "magazine-config");
    if (!(node instanceof HTMLScriptElement) || node.type !== "application/json" ||
        node.parentNode !== head(document)) throw new Error("no #magazine-config in <head>");
    const value = JSON.parse(node.textContent);
    return value && typeof value === "object" ? value : {};
  }

  const remembered = (provider) => {
    try { return localStorage.getItem(KEY + provider) === "always"; } catch { return false; }
  };
  const remember = (provider) => {
    try { localStorage.setItem(KEY + provider, "always"); } catch { /* this page only */ }
  };

  function loadScript(src, attributes, parent) {
    const script = create(document, "script");
    for (const [name, value] of Object.entries(attributes || {})) {
      script.setAttribute(name, text(value));
    }
    script.src = address(src).href;
    script.async = true;
    parent.append(script);
  }

  // --- consent: embeds and third-party comment clients --------------------------------
  // Each placeholder is registered with its provider and what its click does.
  const consents = [];

  function activate(entry) {
    if (entry.done) return;
    entry.done = true;
    entry.consent.hidden = true;
    attempt("consent", entry.show);
  }

  function offerConsent(root, provider, show) {
    const entry = { provider, show, done: false, consent: one(root, ".consent") };
    const button = one(entry.consent, "[data-consent-load]", HTMLButtonElement);
    const always = one(entry.consent, "[data-consent-always]", HTMLInputElement);
    consents.push(entry);
    if (remembered(provider)) return activate(entry);
    entry.consent.hidden = false;
    listen(button, "click", () => {
      if (always.checked) {
        remember(provider);  // and the page's other placeholders of this provider follow
        consents.filter((other) => other.provider === provider).forEach(activate);
      }
      activate(entry);
    });
  }

  function startEmbeds(frames) {
    // The placeholder's iframe address must be https on an origin of the site's frame-src.
    for (const figure of all("figure[data-consent=embed]")) {
      attempt("embed", () => {
        const data = figure.dataset;
        const src = new URL(text(data.embedSrc));
        if (src.protocol !== "https:" || !frames.includes(src.origin)) {
          throw new Error(`${src.origin} is not an embed origin of this site`);
        }
        const stage = one(figure, ".embed__stage");
        offerConsent(figure, text(data.consentProvider), () => {
          const frame = create(document, "iframe");
          frame.className = "embed__frame embed__frame--" + text(data.embedKind);
          frame.src = src.href;
          frame.title = text(data.embedTitle);
          frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
          frame.referrerPolicy = "strict-origin-when-cross-origin";
          frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups " +
            "allow-popups-to-escape-sandbox allow-presentation");
          stage.replaceChildren(frame);
          figure.classList.add("embed--loaded");
        });
      });
    }
  }

  function startThirdPartyComments(thread, section) {
    // Giscus, Remark42: the build prepared the client's address, its script attributes and
    // any global it reads (remark_config) in the configuration.
    const gate = one(section, ".dialog__gate");
    offerConsent(gate, thread.provider, () => {
      if (thread.global && typeof thread.global === "object") Object.assign(window, thread.global);
      loadScript(text(thread.src), thread.attributes, section);
      gate.hidden = true;
    });
  }

  // --- Isso ------------------------------------------------------------------------------
  function startIsso(thread, section, endpoint) {
    // Isso's client renders into the first #isso-thread; load it only when that is this
    // page's thread, so its comments can never go to another thread.
    const node = element("isso-thread");
    if (node.dataset.issoId !== thread.id) throw new Error("#isso-thread is not this page's thread");
    if (thread.state === "closed") {
      // a closed thread shows its comments, but no form and no reply links
      new MutationObserver(() => node.querySelectorAll(".isso-postbox, .isso-reply").forEach(
        (box) => box.remove())).observe(node, { childList: true, subtree: true });
    }
    const load = () => loadScript(endpoint.href + "js/embed.min.js", {
      "data-isso": endpoint.href, "data-isso-lang": text(thread.lang),
      "data-isso-avatar": "false", "data-isso-gravatar": "false", "data-isso-vote": "false",
    }, body(document));
    if (/^#(isso-|kommentare$|fragen$)/.test(location.hash)) return load();
    const near = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        near.disconnect();
        load();
      }
    }, { rootMargin: "400px 0px" });
    near.observe(section);
  }

  function startThread(thread, comments) {
    const section = element(text(thread.anchor));
    if (!section.classList.contains("dialog")) throw new Error(`#${thread.anchor} is no thread`);
    if (thread.provider !== "isso") return startThirdPartyComments(thread, section);
    if (!comments) throw new Error("no comment endpoint");
    startIsso(thread, section, address(text(comments.endpoint)));
  }

  function startCounts(comments) {
    // Isso's count links (a[data-isso-id]): one POST to the configured endpoint's /count
    // instead of Isso's 50 KB count script.
    const links = all("a[data-isso-id]", HTMLAnchorElement);
    if (!links.length) return;
    const counts = comments.counts || {};
    fetch(address(text(comments.endpoint)).href + "count", {
      method: "POST", headers: { "Content-Type": "application/json" }, credentials: "omit",
      body: JSON.stringify(links.map((link) => text(link.dataset.issoId))),
    }).then((response) => (response.ok ? response.json() : [])).then((numbers) => {
      links.forEach((link, i) => {
        const n = Array.isArray(numbers) ? numbers[i] : undefined;
        if (typeof n !== "number") return;
        const label = n === 0 ? counts.none : n === 1 ? counts.one : counts.many;
        link.textContent = text(label).replace("{n}", String(n));
        link.dataset.count = String(n);
      });
    }, () => { /* Isso unreachable: the links keep saying "Kommentare" */ });
  }

  // --- copy link -------------------------------------------------------------------------
  function enhanceCopyLink(link, copy) {
    const status = one(link.closest(".share") || link, ".share__status");
    const url = text(copy.url);
    const button = create(document, "button");
    button.type = "button";
    button.className = link.className;
    button.textContent = link.textContent;
    listen(button, "click", () => {
      (window.isSecureContext && navigator.clipboard ? navigator.clipboard.writeText(url)
        : Promise.reject(new Error("no clipboard"))).then(
        () => { status.textContent = text(copy.done); },
        () => { status.textContent = text(copy.failed) + " " + url; });
    });
    link.replaceWith(button);
  }

  // --- search (search.js, only on the search page) -----------------------------------------
  function startSearch(search) {
    const parts = {
      input: element("search-input", HTMLInputElement),
      list: element("search-results", HTMLOListElement),
      status: element("search-status"),
    };
    parts.form = parts.input.form;  // the theme's own form: its only fields are q and a button
    if (!(parts.form instanceof HTMLFormElement)) throw new Error("no search form");
    import(address(text(search.module)).href).then(
      (module) => module.start({ ...search, pagefind: address(text(search.pagefind)).href },
                               parts, { create: (name) => create(document, name), listen }),
      (error) => warn("search", error));
  }

  let config = {};
  attempt("configuration", () => { config = readConfig(); });
  const frames = Array.isArray(config.frames) ? config.frames.filter((f) => typeof f === "string")
    : [];
  attempt("embeds", () => startEmbeds(frames));
  if (config.thread) attempt("thread", () => startThread(config.thread, config.comments));
  if (config.comments) attempt("counts", () => startCounts(config.comments));
  if (config.copy) {
    for (const link of all("a.share__link--copy", HTMLAnchorElement)) {
      attempt("copy link", () => enhanceCopyLink(link, config.copy));
    }
  }
  if (config.search) attempt("search", () => startSearch(config.search));
})();
