/* The magazine's web editor: Decap CMS set up for our Markdown files.
 *
 * - a file format ("magazine-markdown") that reads YAML front matter and the older
 *   "Key: value" header alike, and writes YAML front matter;
 * - the magazine's own CSS in the preview pane, and an article preview template;
 * - an editor component for the consent-gated embed (a paragraph holding only a link).
 * Loaded by admin/index.html after decap-cms.js and js-yaml; no inline script anywhere.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var fields = JSON.parse(script.getAttribute("data-fields") || "{}");
  var LISTS = fields.lists || [];
  var FLAGS = fields.flags || [];
  var TRUE_WORDS = ["true", "yes", "ja", "1"];
  var CMS = window.CMS;
  var jsyaml = window.jsyaml;
  var h = window.h;

  /* ---- the file format ---------------------------------------------------- */

  var HEADER_LINE = /^([A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]?(.*)$/;
  var CONTINUATION = /^( {4,}|\t)(.*)$/;

  function fromHeader(lines) {
    // "Key: value" lines up to the first blank line, as Python-Markdown's meta step reads them.
    var data = {};
    var key = null;
    var index = 0;
    for (; index < lines.length; index += 1) {
      var line = lines[index];
      if (line.trim() === "") { break; }
      var match = HEADER_LINE.exec(line);
      if (match) {
        key = match[1].toLowerCase();
        data[key] = match[2].trim();
      } else if (key !== null && CONTINUATION.test(line)) {
        data[key] = (data[key] + " " + line.trim()).trim();
      } else {
        return null; // not a header: the whole file is text
      }
    }
    Object.keys(data).forEach(function (name) {
      if (LISTS.indexOf(name) >= 0) {
        data[name] = data[name].split(",").map(function (s) { return s.trim(); })
          .filter(Boolean);
      } else if (FLAGS.indexOf(name) >= 0) {
        data[name] = TRUE_WORDS.indexOf(data[name].toLowerCase()) >= 0;
      }
    });
    data.body = lines.slice(index + 1).join("\n");
    return data;
  }

  function fromFile(text) {
    var lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
    if (lines[0].trim() === "---") {
      var end = 1;
      while (end < lines.length && lines[end].trim() !== "---" && lines[end].trim() !== "...") {
        end += 1;
      }
      var data = jsyaml.load(lines.slice(1, end).join("\n"), { schema: jsyaml.CORE_SCHEMA }) || {};
      var body = lines.slice(end + 1);
      if (body.length && body[0].trim() === "") { body = body.slice(1); }
      var lowered = {};
      Object.keys(data).forEach(function (name) { lowered[name.toLowerCase()] = data[name]; });
      lowered.body = body.join("\n");
      return lowered;
    }
    return fromHeader(lines) || { body: text };
  }

  function isEmpty(value) {
    return value === undefined || value === null || value === "" ||
      (Array.isArray(value) && value.length === 0);
  }

  function toFile(data, sortedKeys) {
    var front = {};
    var order = (sortedKeys || []).concat(Object.keys(data));
    order.forEach(function (name) {
      if (name === "body" || front.hasOwnProperty(name) || isEmpty(data[name])) { return; }
      front[name] = data[name];
    });
    var yaml = Object.keys(front).length ? jsyaml.dump(front, { lineWidth: -1 }) : "";
    var body = data.body || "";
    return "---\n" + yaml + "---\n\n" + body.replace(/^\n+/, "");
  }

  CMS.registerCustomFormat("magazine-markdown", "md", { fromFile: fromFile, toFile: toFile });

  /* ---- the preview -------------------------------------------------------- */

  CMS.registerPreviewStyle(script.getAttribute("data-preview-css"));

  function optionLabel(collection, name, value) {
    var field = collection.get("fields").find(function (f) { return f.get("name") === name; });
    var options = field && field.get("options");
    var option = options && options.find(function (o) { return o.get("value") === value; });
    return option ? option.get("label") : value;
  }

  function ArticlePreview(props) {
    var entry = props.entry;
    var data = function (name) { return entry.getIn(["data", name]); };
    var image = data("image");
    // A fresh upload is a blob: URL; an image already in the content is on the site (../images/).
    var fresh = image ? String(props.getAsset(image)) : "";
    var src = fresh.indexOf("blob:") === 0 ? fresh : image && "../" + image.replace(/^\/+/, "");
    var chips = ["department", "format"].filter(function (name) { return data(name); })
      .map(function (name) {
        return h("span", { className: "chip chip--" + name, key: name },
          optionLabel(props.collection, name, data(name)));
      });
    return h("article", { className: "article" },
      h("header", { className: "article__header" },
        h("p", { className: "article__kicker" }, chips),
        h("h1", { className: "article__title" }, data("title") || ""),
        h("p", { className: "article__summary" }, data("summary") || "")),
      src ? h("figure", { className: "article__image" },
        h("img", { src: src, alt: data("image_alt") || "" }),
        data("image_caption") ? h("figcaption", {}, data("image_caption")) : null) : null,
      h("div", { className: "article__layout" },
        h("div", { className: "article__body prose" }, props.widgetFor("body"))));
  }

  CMS.registerPreviewTemplate("articles", ArticlePreview);

  /* ---- the consent-gated embed ------------------------------------------- */

  // A paragraph holding only a provider link (plugins/dialog/README.md, "Embeds").
  var PROVIDER = "https://(?:(?:www\\.|m\\.)?(?:youtube\\.com|youtu\\.be|vimeo\\.com|" +
    "player\\.vimeo\\.com|instagram\\.com|linkedin\\.com|x\\.com|twitter\\.com)/|" +
    "[a-z0-9.-]+/@[A-Za-z0-9_]+/\\d+)[^\\s)]*";
  var EMBED = new RegExp("^(?:\\[([^\\]\\n]+)\\]\\((" + PROVIDER + ")\\)|(" + PROVIDER + "))$");

  function escapeText(value) {
    return String(value).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c];
    });
  }

  CMS.registerEditorComponent({
    id: "embed",
    label: "Video / Beitrag einbetten",
    fields: [
      { name: "url", label: "Adresse (YouTube, Vimeo, Instagram, LinkedIn, Mastodon, X)",
        widget: "string" },
      { name: "title", label: "Titel", widget: "string", required: false }
    ],
    pattern: EMBED,
    fromBlock: function (match) {
      return { title: match[1] || "", url: match[2] || match[3] || "" };
    },
    toBlock: function (data) {
      var url = (data.url || "").trim();
      var title = (data.title || "").trim().replace(/[[\]]/g, "");
      return title ? "[" + title + "](" + url + ")" : url;
    },
    toPreview: function (data) {
      // The reader sees a placeholder until they consent; the preview never loads the provider.
      return "<figure class=\"embed\"><figcaption class=\"embed__caption\">" +
        "<a class=\"embed__link\" href=\"" + escapeText(data.url || "") + "\">" +
        escapeText(data.title || data.url || "") + "</a></figcaption></figure>";
    }
  });
}());
