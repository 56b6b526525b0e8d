// The magazine's one first-party loader (plugins/dialog/README.md). No inline script
// anywhere: what it needs comes from data-* attributes. Loaded with `defer`, so the
// document is parsed when it runs.
// - Embeds and third-party comment widgets wait for the reader's click; "always allow"
//   is stored in localStorage only when the reader ticks it.
// - Isso's client loads from the Isso origin only on pages with a thread, when the
//   reader comes near it; count links get their numbers from one POST /count.
// - "Copy link" becomes a button.
(() => {
  "use strict";
  const KEY = "magazine.consent.";
  const config = document.currentScript.dataset;
  const all = (selector, root = document) => root.querySelectorAll(selector);
  const absolute = (url) => new URL(url, document.baseURI).href;

  const remembered = (provider) => {
    try { return localStorage.getItem(KEY + provider) === "always"; } catch { return false; }
  };
  const remember = (provider) => {
    try { localStorage.setItem(KEY + provider, "always"); } catch { /* this page only */ }
  };

  function loadScript(src, attributes, parent = document.body) {
    const script = document.createElement("script");
    for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
    script.src = src;
    script.async = true;
    parent.append(script);
  }

  function showEmbed(figure) {
    const frame = document.createElement("iframe");
    const data = figure.dataset;
    frame.className = "embed__frame embed__frame--" + data.embedKind;
    frame.src = data.embedSrc;
    frame.title = data.embedTitle;
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups " +
      "allow-popups-to-escape-sandbox allow-presentation");
    figure.querySelector(".embed__stage").replaceChildren(frame);
    figure.classList.add("embed--loaded");
  }

  function showComments(gate) {
    // Giscus, Remark42: the build prepared the script's address, its attributes and any
    // global it reads (remark_config) as JSON in data-* attributes.
    const data = gate.parentNode.querySelector(".dialog__thread").dataset;
    if (data.loadGlobal) Object.assign(window, JSON.parse(data.loadGlobal));
    loadScript(data.loadSrc, JSON.parse(data.loadAttributes), gate.parentNode);
    gate.hidden = true;
  }

  function activate(element) {
    if (element.dataset.consentDone) return;
    element.dataset.consentDone = "1";
    element.querySelector(".consent").hidden = true;
    (element.dataset.consent === "embed" ? showEmbed : showComments)(element);
  }

  function offerConsent(element) {
    const provider = element.dataset.consentProvider;
    if (remembered(provider)) return activate(element);
    element.querySelector(".consent").hidden = false;
    element.querySelector("[data-consent-load]").addEventListener("click", () => {
      if (element.querySelector("[data-consent-always]").checked) {
        remember(provider);  // and the page's other placeholders of this provider follow
        all("[data-consent]").forEach((other) => {
          if (other.dataset.consentProvider === provider) activate(other);
        });
      }
      activate(element);
    });
  }

  function startIsso() {
    const thread = document.querySelector("#isso-thread[data-dialog-provider=isso]");
    if (!thread) return;
    const data = thread.dataset;
    const endpoint = absolute(data.dialogEndpoint);
    if (data.dialogState === "closed") {
      // a closed thread shows its comments, but no form and no reply links
      new MutationObserver(() => all(".isso-postbox, .isso-reply", thread).forEach(
        (node) => node.remove())).observe(thread, { childList: true, subtree: true });
    }
    const load = () => loadScript(endpoint + "js/embed.min.js", {
      "data-isso": endpoint, "data-isso-lang": data.dialogLang,
      "data-isso-avatar": "false", "data-isso-gravatar": "false", "data-isso-vote": "false",
    });
    if (/^#(isso-|kommentare$|fragen$)/.test(location.hash)) return load();
    const near = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        near.disconnect();
        load();
      }
    }, { rootMargin: "400px 0px" });
    near.observe(thread);
  }

  function startCounts() {
    // Isso's count links (a[href$="#isso-thread"][data-isso-id]): one POST to /count
    // instead of Isso's 50 KB count script.
    const links = [...all("a[data-isso-id]")];
    if (!links.length || !config.commentsEndpoint) return;
    fetch(absolute(config.commentsEndpoint) + "count", {
      method: "POST", headers: { "Content-Type": "application/json" }, credentials: "omit",
      body: JSON.stringify(links.map((link) => link.dataset.issoId)),
    }).then((response) => (response.ok ? response.json() : [])).then((counts) => {
      links.forEach((link, i) => {
        const n = counts[i];
        if (typeof n !== "number") return;
        const text = n === 0 ? config.countNone : n === 1 ? config.countOne : config.countMany;
        link.textContent = text.replace("{n}", n);
        link.dataset.count = n;
      });
    }, () => { /* Isso unreachable: the links keep saying "Kommentare" */ });
  }

  function enhanceCopyLink(link) {
    const button = document.createElement("button");
    const status = link.closest(".share").querySelector(".share__status");
    const url = link.dataset.copyUrl;
    button.type = "button";
    button.className = link.className;
    button.textContent = link.textContent;
    button.addEventListener("click", () => {
      (window.isSecureContext && navigator.clipboard ? navigator.clipboard.writeText(url)
        : Promise.reject(new Error("no clipboard"))).then(
        () => { status.textContent = link.dataset.copyDone; },
        () => { status.textContent = link.dataset.copyFailed + " " + url; });
    });
    link.replaceWith(button);
  }

  all("[data-consent]").forEach(offerConsent);
  all("a.share__link--copy").forEach(enhanceCopyLink);
  startIsso();
  startCounts();
})();
