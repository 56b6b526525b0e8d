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
  const filterBox = form.querySelector("[data-search-filters]");
  const selects = filterBox ? [...filterBox.querySelectorAll("select[data-filter]")] : [];
  let pagefind = null;

  // Every language has its own index (stemmed in its language); the page's own is the
  // primary one, the others are merged in. "/pagefind/./" is the same folder under another
  // name: Pagefind skips a merge whose path starts like the primary index's.
  async function engine() {
    if (!pagefind) {
      const script = new URL(form.dataset.pagefind, document.baseURI);
      pagefind = await import(script.href);
      const baseUrl = form.dataset.baseUrl;
      await pagefind.options({ baseUrl });
      const own = document.documentElement.lang;
      const folder = script.pathname.replace(/pagefind\.js$/, "./");
      for (const language of (form.dataset.languages || "").split(" ")) {
        if (language && language !== own) {
          await pagefind.mergeIndex(folder, { language, baseUrl });
        }
      }
    }
    return pagefind;
  }

  function chosenFilters() {
    const chosen = {};
    for (const select of selects) {
      if (select.value) chosen[select.dataset.filter] = select.value;
    }
    return chosen;
  }

  async function showFilters() {
    if (!filterBox) return;
    const available = await (await engine()).filters();
    const wanted = new URLSearchParams(window.location.search);
    for (const select of selects) {
      const counts = available[select.dataset.filter] || {};
      for (const value of Object.keys(counts).sort((a, b) => a.localeCompare(b))) {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = `${value} (${counts[value]})`;
        select.append(option);
      }
      if (wanted.get(select.dataset.filter)) select.value = wanted.get(select.dataset.filter);
      select.addEventListener("change", () => {
        remember();
        run(input.value);
      });
    }
    filterBox.hidden = false;
  }

  function remember() {
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    for (const select of selects) {
      if (select.value) url.searchParams.set(select.dataset.filter, select.value);
      else url.searchParams.delete(select.dataset.filter);
    }
    window.history.replaceState(null, "", url);
  }

  async function run(query) {
    list.replaceChildren();
    const filters = chosenFilters();
    if (!query.trim() && !Object.keys(filters).length) {
      status.textContent = "";
      return;
    }
    const search = await (await engine()).search(query.trim() || null, { filters });
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
    remember();
    run(input.value);
  });
  const initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  showFilters().then(() => run(initial));
}
