// Site search with Pagefind's JavaScript API, first-party. The loader (magazine.js) imports
// this module on the search page only and calls start() with the configuration's `search`
// part (pagefind: the address of pagefind.js, base, count, noResults) and its DOM helpers,
// taken from the prototypes: id(name, type) (getElementById, checked), make(tag),
// listen(target, event, handler), url(address) (resolved against the page's location).
// Results are built as DOM nodes; Pagefind's excerpts are copied as text plus <mark> only.

function excerptNodes(html, make) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const out = [];
  for (const node of doc.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = make("mark");
      mark.textContent = node.textContent;
      out.push(mark);
    } else {
      out.push(node.textContent);
    }
  }
  return out;
}

export function start(search, { id, make, listen, url }) {
  const input = id("search-input", HTMLInputElement);
  const list = id("search-results", HTMLOListElement);
  const status = id("search-status");
  const form = input.form;  // the theme's own form: its only fields are q and a button
  if (!(form instanceof HTMLFormElement)) throw Error("no search form");
  let pagefind = null;

  async function engine() {
    if (!pagefind) {
      pagefind = await import(url(search.pagefind).href);
      await pagefind.options({ baseUrl: search.base });
    }
    return pagefind;
  }

  async function run(query) {
    list.replaceChildren();
    if (!query.trim()) {
      status.textContent = "";
      return;
    }
    const found = await (await engine()).search(query);
    const hits = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
    status.textContent = hits.length
      ? search.count.replace("{count}", found.results.length)
      : search.noResults;
    for (const hit of hits) {
      const item = make("li");
      const link = make("a");
      link.href = hit.url;
      link.textContent = hit.meta.title || hit.url;
      const heading = make("h2");
      heading.className = "search-results__title";
      heading.append(link);
      const excerpt = make("p");
      excerpt.append(...excerptNodes(hit.excerpt, make));
      item.append(heading, excerpt);
      list.append(item);
    }
  }

  listen(form, "submit", (event) => {
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
