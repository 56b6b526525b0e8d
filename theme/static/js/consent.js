// Consent-gated embeds and third-party comment clients (plugins/dialog/README.md). The loader
// (magazine.js) imports this module only on pages with an embed placeholder or a Giscus or
// Remark42 thread, and calls start() with its configuration, the placeholders it found and
// its DOM helpers (taken from the prototypes; see magazine.js).
// Nothing loads before the reader's click; "always allow" is stored in localStorage only
// when the reader ticks it, and then the page's other placeholders of that provider follow.
// An embed's iframe comes only from an https origin of the site's CSP frame-src (the
// configuration's `frames`), never from wherever a placeholder's attribute points.

const KEY = "magazine.consent.";

export function start({ frames = [], thread }, figures, dom) {
  const { one, make, listen, guard, addScript, threadBox } = dom;
  const offers = [];  // {provider, show, consent, done}

  function activate(entry) {
    if (entry.done) return;
    entry.done = true;
    entry.consent.hidden = true;
    guard("consent", entry.show);
  }

  function offer(root, provider, show) {
    const entry = { provider, show, consent: one(root, ".consent") };
    const button = one(entry.consent, "[data-consent-load]", HTMLButtonElement);
    const always = one(entry.consent, "[data-consent-always]", HTMLInputElement);
    offers.push(entry);
    let known = false;
    try { known = localStorage.getItem(KEY + provider) === "always"; } catch { /* none */ }
    if (known) return activate(entry);
    entry.consent.hidden = false;
    listen(button, "click", () => {
      if (always.checked) {
        try { localStorage.setItem(KEY + provider, "always"); } catch { /* this page only */ }
        offers.filter((other) => other.provider === provider).forEach(activate);
      }
      activate(entry);
    });
  }

  function embed(figure) {
    const data = figure.dataset;
    const src = new URL(data.embedSrc);
    if (src.protocol !== "https:" || !frames.includes(src.origin)) {
      throw Error(src.origin + " is not an embed origin of this site");
    }
    const stage = one(figure, ".embed__stage");
    offer(figure, data.consentProvider, () => {
      const frame = make("iframe");
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

  function thirdPartyThread() {
    // Giscus, Remark42: their client's address, script attributes and global
    // (remark_config) come with the configuration
    const box = threadBox(thread);
    const gate = one(box, ".dialog__gate");
    offer(gate, thread.provider, () => {
      Object.assign(window, thread.global);
      addScript(thread.src, thread.attributes, box);
      gate.hidden = true;
    });
  }

  for (const figure of figures) guard("embed", () => embed(figure));
  if (thread && thread.provider !== "isso") guard("thread", thirdPartyThread);
}
