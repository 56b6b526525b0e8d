// Site search with Pagefind's JavaScript API, first-party. The loader (magazine.js) imports
// this module on the search page only and calls start() with the configuration's `search`
// part (index: the address of the pagefind/ folder, base, count, noResults) and its DOM helpers,
// taken from the prototypes: id(name, type) (getElementById, checked), make(tag),
// listen(target, event, handler), url(address) (resolved against the page's location).
// Results are built as DOM nodes; Pagefind's excerpts are copied as text plus <mark> only.
// The filters (#search-filters: department, format, topic, language) are filled from the
// index and searched with; the other languages' indexes are merged into the page's own.

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
  const filterBox = id("search-filters", HTMLFieldSetElement);
  const selects = [...filterBox.querySelectorAll("select[data-filter]")];
  let pagefind = null;

  // The index comes in shards (pagefind/shards.json lists them with their languages), and
  // every language has its own index in a shard (stemmed in its language). The first shard
  // with the page's own language is the primary index; every other (shard, language) is
  // merged in. "shard-00/./" is the primary's folder under another name: Pagefind skips a
  // merge whose path starts like the primary index's.
  async function engine() {
    if (!pagefind) {
      const folder = url(search.index);
      const listing = await (await fetch(new URL("shards.json", folder))).json();
      const shards = Array.isArray(listing.shards) ? listing.shards : [];
      if (!shards.length) throw Error("the search index is empty");
      const own = document.documentElement.lang;
      const primary = shards.find((s) => s.languages.includes(own)) || shards[0];
      const loaded = primary.languages.includes(own) ? own : primary.languages[0];
      pagefind = await import(new URL(`${primary.path}pagefind.js`, folder).href);
      const baseUrl = search.base;
      await pagefind.options({ baseUrl });
      for (const shard of shards) {
        for (const language of shard.languages) {
          if (shard === primary && language === loaded) continue;
          // (a URL object would normalise the "./" away)
          const path = new URL(shard.path, folder).pathname + (shard === primary ? "./" : "");
          await pagefind.mergeIndex(path, { language, baseUrl });
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

  function remember() {
    const address = new URL(window.location.href);
    address.searchParams.set("q", input.value);
    for (const select of selects) {
      if (select.value) address.searchParams.set(select.dataset.filter, select.value);
      else address.searchParams.delete(select.dataset.filter);
    }
    window.history.replaceState(null, "", address);
  }

  async function showFilters() {
    const available = await (await engine()).filters();
    const wanted = new URLSearchParams(window.location.search);
    for (const select of selects) {
      const counts = available[select.dataset.filter] || {};
      for (const value of Object.keys(counts).sort((a, b) => a.localeCompare(b))) {
        const option = make("option");
        option.value = value;
        option.textContent = `${value} (${counts[value]})`;
        select.append(option);
      }
      if (wanted.get(select.dataset.filter)) select.value = wanted.get(select.dataset.filter);
      listen(select, "change", () => {
        remember();
        run(input.value);
      });
    }
    filterBox.hidden = false;
  }

  async function run(query) {
    list.replaceChildren();
    const filters = chosenFilters();
    if (!query.trim() && !Object.keys(filters).length) {
      status.textContent = "";
      return;
    }
    const found = await (await engine()).search(query.trim() || null, { filters });
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
    remember();
    run(input.value);
  });
  const initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  showFilters().then(() => run(initial));
}
