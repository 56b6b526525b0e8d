// Site search with Pagefind's JavaScript API. First-party, loaded only on the search page.
// Results are built as DOM nodes; Pagefind's excerpts are copied as text plus <mark> only.
const form = document.querySelector("[data-search]");

function excerptNodes(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const out = document.createDocumentFragment();
  for (const node of doc.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

if (form) {
  const input = form.querySelector("input[type=search]");
  const list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  let pagefind = null;

  async function engine() {
    if (!pagefind) {
      pagefind = await import(new URL(form.dataset.pagefind, document.baseURI).href);
      await pagefind.options({ baseUrl: form.dataset.baseUrl });
    }
    return pagefind;
  }

  async function run(query) {
    list.replaceChildren();
    if (!query.trim()) {
      status.textContent = "";
      return;
    }
    const search = await (await engine()).search(query);
    const hits = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
    status.textContent = hits.length
      ? form.dataset.count.replace("{count}", String(search.results.length))
      : form.dataset.noResults;
    for (const hit of hits) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = hit.url;
      link.textContent = hit.meta.title || hit.url;
      const heading = document.createElement("h2");
      heading.className = "search-results__title";
      heading.append(link);
      const excerpt = document.createElement("p");
      excerpt.append(excerptNodes(hit.excerpt));
      item.append(heading, excerpt);
      list.append(item);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value);
  });
  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
}
