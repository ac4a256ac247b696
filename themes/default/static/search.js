// gazette search: full-text search over the static index that src/search/ builds.
//
// It fetches the manifest (index.json), then only the term chunks a query needs and the
// fragments of the results it shows, ten at a time. Queries are analysed by the same rules as
// the index (src/search/text.rs): German umlauts and ß folded, numbers read in either
// convention (1.500 = 1,500 = 1500), Chinese as bigrams. No dependencies.
//
// Markup contract (one or more per page):
//
//   <div class="search" data-index="/de/search/index.json"
//        data-results="Ergebnisse" data-result-one="Ergebnis" data-no-results="Keine Treffer"
//        data-more="Weitere Ergebnisse" data-error="Die Suche ist nicht erreichbar">
//     <form role="search"> <label for="q">…</label> <input id="q" type="search" name="q"> <button>…</button> </form>
//     <p class="search-status" role="status" aria-live="polite"></p>
//     <ol class="search-results"></ol>
//   </div>
//
// data-index is required (the manifest's URL; chunk and fragment URLs are relative to it); the
// other data-* texts are optional (German defaults). The initial query comes from ?q=; the URL
// follows the query as it is typed (replaceState). Results are <li> with a link (the title),
// a .meta line (the date) and a .snippet; matches are wrapped in <mark>, all text is set with
// textContent. Under Node (no document) the functions are exported for js-test/run.mjs.
(function () {
  "use strict";

  // ---------------------------------------------------------------------------------------
  // Text analysis: keep in step with src/search/text.rs.

  var WORD = /[\p{Alphabetic}\p{N}\p{M}]/u;
  var MARKS = /\p{M}/gu;
  var ASCII = /^[\x00-\x7f]*$/;
  var SEPARATORS = ".,'\u2019\u00a0\u2009\u202f";

  function isCjk(cp) {
    return (cp >= 0x3005 && cp <= 0x3007) || (cp >= 0x3040 && cp <= 0x309f) || (cp >= 0x30a0 && cp <= 0x30fa) ||
      (cp >= 0x30fc && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x323af);
  }

  function isWord(ch) {
    return !isCjk(ch.codePointAt(0)) && WORD.test(ch);
  }

  function isDigit(ch) {
    return (ch >= "0" && ch <= "9") || (ch >= "\uff10" && ch <= "\uff19");
  }

  function isSeparator(ch) {
    return ch.length === 1 && SEPARATORS.indexOf(ch) !== -1;
  }

  // The code point at i as a string ("" past the end).
  function charAt(text, i) {
    if (i >= text.length) return "";
    var cp = text.codePointAt(i);
    return String.fromCodePoint(cp);
  }

  // Word and CJK tokens of text: [{start, end, cjk}] in UTF-16 offsets.
  function tokens(text) {
    var out = [];
    var i = 0;
    while (i < text.length) {
      var ch = charAt(text, i);
      if (isCjk(ch.codePointAt(0))) {
        var end = i + ch.length;
        for (var next = charAt(text, end); next && isCjk(next.codePointAt(0)); next = charAt(text, end)) {
          end += next.length;
        }
        out.push({ start: i, end: end, cjk: true });
        i = end;
      } else if (isWord(ch)) {
        var stop = wordEnd(text, i, ch);
        out.push({ start: i, end: stop, cjk: false });
        i = stop;
      } else {
        i += ch.length;
      }
    }
    return out;
  }

  function wordEnd(text, start, first) {
    var end = start + first.length;
    var previous = first;
    for (;;) {
      var ch = charAt(text, end);
      if (!ch) break;
      if (isWord(ch)) {
        end += ch.length;
        previous = ch;
      } else if (isDigit(previous) && isSeparator(ch) && isDigit(charAt(text, end + 1))) {
        end += 1;
        previous = ch;
      } else {
        break;
      }
    }
    return end;
  }

  function stripMarks(text) {
    return text.normalize("NFD").replace(MARKS, "");
  }

  // Terms of a word token: [[term, primary]]; the umlaut-dropped spelling is not primary.
  function wordTerms(word) {
    var chars = Array.from(word);
    if (chars.some(isSeparator)) {
      if (chars.every(function (c) { return isDigit(c) || isSeparator(c); })) return numberTerms(chars);
      var out = [];
      splitSeparators(chars).forEach(function (part) { out.push.apply(out, plainWordTerms(part)); });
      return out;
    }
    return plainWordTerms(word);
  }

  function splitSeparators(chars) {
    var parts = [""];
    chars.forEach(function (c) {
      if (isSeparator(c)) parts.push("");
      else parts[parts.length - 1] += c;
    });
    return parts.filter(function (p) { return p.length > 0; });
  }

  function plainWordTerms(word) {
    if (ASCII.test(word)) return [[word.toLowerCase(), true]];
    var lower = word.normalize("NFKC").toLowerCase();
    var folded = lower.replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss");
    var primary = stripMarks(folded);
    var out = primary ? [[primary, true]] : [];
    if (/[äöü]/.test(lower)) {
      var variant = stripMarks(lower.replace(/ß/g, "ss"));
      if (variant && variant !== primary) out.push([variant, false]);
    }
    return out;
  }

  function asciiDigit(c) {
    return c >= "\uff10" && c <= "\uff19" ? String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48) : c;
  }

  function isGrouping(groups, separators) {
    if (separators.length === 0 || groups.length === 0) return false;
    for (var i = 0; i < separators.length; i++) if (separators[i] !== separators[0]) return false;
    if (groups[0].length < 1 || groups[0].length > 3) return false;
    for (var j = 1; j < groups.length; j++) if (groups[j].length !== 3) return false;
    return true;
  }

  // 1.500 and 1,500 → 1500; 12,5 and 12.5 → 12.5; 22.10.2024 → 22, 10, 2024.
  function numberTerms(chars) {
    var groups = [""];
    var separators = [];
    chars.forEach(function (c) {
      if (isSeparator(c)) {
        separators.push(c === "." || c === "," ? c : " ");
        groups.push("");
      } else {
        groups[groups.length - 1] += asciiDigit(c);
      }
    });
    if (isGrouping(groups, separators)) return [[groups.join(""), true]];
    var n = separators.length;
    var last = separators[n - 1];
    var decimal = last !== " " &&
      (n === 1 || (separators[n - 2] !== last && isGrouping(groups.slice(0, n), separators.slice(0, n - 1))));
    if (decimal) {
      var fraction = groups[n].replace(/0+$/, "");
      var whole = groups.slice(0, n).join("");
      return [[fraction ? whole + "." + fraction : whole, true]];
    }
    return groups.map(function (g) { return [g, true]; });
  }

  // Bigrams of a CJK run, then its last character alone.
  function cjkTerms(run) {
    var chars = Array.from(run.normalize("NFKC"));
    var out = [];
    for (var i = 0; i < chars.length; i++) out.push(i + 1 < chars.length ? chars[i] + chars[i + 1] : chars[i]);
    return out;
  }

  // Query terms: [{term, prefix}], as text::query in Rust.
  function query(text) {
    var out = [];
    function push(term, prefix) {
      for (var i = 0; i < out.length; i++) if (out[i].term === term) return;
      out.push({ term: term, prefix: prefix });
    }
    tokens(text).forEach(function (t) {
      var piece = text.slice(t.start, t.end);
      if (t.cjk) {
        var all = cjkTerms(piece);
        if (all.length === 1) push(all[0], true);
        else all.slice(0, -1).forEach(function (b) { push(b, false); });
      } else {
        wordTerms(piece).forEach(function (pair) {
          if (!pair[1]) return;
          var numeric = /^[0-9.]+$/.test(pair[0]);
          push(pair[0], !numeric && Array.from(pair[0]).length >= 3);
        });
      }
    });
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // The index: manifest, chunks, postings.

  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var MAX_CHUNKS_PER_TERM = 3;
  var PAGE = 10;

  function decodeList(list) {
    var ids = [];
    var i, v;
    if (list.charAt(0) === "~") {
      for (i = 1; i < list.length; i++) {
        v = ALPHABET.indexOf(list.charAt(i));
        for (var b = 0; b < 6; b++) if (v & (1 << b)) ids.push((i - 1) * 6 + b);
      }
      return ids;
    }
    var acc = 0, shift = 0, previous = -1;
    for (i = 0; i < list.length; i++) {
      v = ALPHABET.indexOf(list.charAt(i));
      if (v < 0) return ids;
      acc += (v & 31) * Math.pow(2, shift);
      shift += 5;
      if ((v & 32) === 0) {
        previous = previous < 0 ? acc : previous + 1 + acc;
        ids.push(previous);
        acc = 0;
        shift = 0;
      }
    }
    return ids;
  }

  // Reads one language's index through fetchJson(url) → Promise of parsed JSON. Every file
  // is fetched at most once per Searcher.
  function Searcher(manifestUrl, fetchJson) {
    this.base = manifestUrl.slice(0, manifestUrl.lastIndexOf("/") + 1);
    this.fetchJson = fetchJson;
    this.cache = new Map();
    this.manifestUrl = manifestUrl;
  }

  Searcher.prototype.get = function (url) {
    var cache = this.cache;
    if (!cache.has(url)) {
      // A failed fetch is forgotten, so that the next query tries again.
      cache.set(url, this.fetchJson(url).catch(function (error) {
        cache.delete(url);
        throw error;
      }));
    }
    return cache.get(url);
  };

  // Index of the chunk whose range holds term: the last i with k[i] <= term.
  function chunkOf(keys, term) {
    var lo = 0, hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (keys[mid] <= term) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  function chunksFor(keys, q) {
    var first = chunkOf(keys, q.term);
    var out = [first];
    if (q.prefix) {
      for (var next = first + 1; next < keys.length && keys[next].indexOf(q.term) === 0 &&
        out.length < MAX_CHUNKS_PER_TERM; next++) out.push(next);
    }
    return out;
  }

  function lowerBound(terms, term) {
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // Map id → best score of one query term: 2 × tier, +1 for an exact match.
  function termScores(chunks, q) {
    var scores = new Map();
    chunks.forEach(function (chunk) {
      for (var i = lowerBound(chunk.t, q.term); i < chunk.t.length; i++) {
        var t = chunk.t[i];
        var exact = t === q.term;
        if (!exact && !(q.prefix && t.indexOf(q.term) === 0)) break;
        chunk.p[i].split(".").forEach(function (list, tier) {
          var score = 2 * tier + (exact ? 1 : 0);
          decodeList(list).forEach(function (id) {
            var s = scores.get(id);
            if (s === undefined || s < score) scores.set(id, score);
          });
        });
        if (!q.prefix) break;
      }
    });
    return scores;
  }

  // Resolves to {terms, hits: [[id, score]]}, best first, then newest first.
  Searcher.prototype.search = function (text) {
    var self = this;
    var terms = query(text);
    if (terms.length === 0) return Promise.resolve({ terms: terms, hits: [] });
    return this.get(this.manifestUrl).then(function (m) {
      return Promise.all(terms.map(function (q) {
        return Promise.all(chunksFor(m.k, q).map(function (i) {
          return self.get(self.base + "c/" + m.c[i] + ".json");
        })).then(function (chunks) { return termScores(chunks, q); });
      }));
    }).then(function (perTerm) {
      var total = perTerm[0];
      for (var i = 1; i < perTerm.length; i++) {
        var next = new Map();
        var other = perTerm[i];
        total.forEach(function (s, id) {
          var s2 = other.get(id);
          if (s2 !== undefined) next.set(id, s + s2);
        });
        total = next;
      }
      var hits = Array.from(total.entries());
      hits.sort(function (a, b) { return b[1] - a[1] || b[0] - a[0]; });
      return { terms: terms, hits: hits };
    });
  };

  Searcher.prototype.fragment = function (id) {
    return this.get(this.base + "f/" + id + ".json");
  };

  // ---------------------------------------------------------------------------------------
  // Highlighting and snippets.

  function matches(term, terms) {
    for (var i = 0; i < terms.length; i++) {
      var q = terms[i];
      if (term === q.term || (q.prefix && term.indexOf(q.term) === 0)) return true;
    }
    return false;
  }

  // [start, end) ranges of text that match the query terms, in order, merged.
  function highlight(text, terms) {
    var ranges = [];
    tokens(text).forEach(function (t) {
      var piece = text.slice(t.start, t.end);
      if (!t.cjk) {
        if (wordTerms(piece).some(function (pair) { return matches(pair[0], terms); })) ranges.push([t.start, t.end]);
        return;
      }
      var chars = [], offsets = [], at = t.start;
      Array.from(piece).forEach(function (c) {
        chars.push(c.normalize("NFKC"));
        offsets.push(at);
        at += c.length;
      });
      offsets.push(at);
      for (var i = 0; i < chars.length; i++) {
        var bigram = i + 1 < chars.length ? chars[i] + chars[i + 1] : null;
        if (bigram && terms.some(function (q) { return !q.prefix && q.term === bigram; })) {
          ranges.push([offsets[i], offsets[i + 2]]);
        } else if (terms.some(function (q) { return q.prefix && q.term === chars[i]; })) {
          ranges.push([offsets[i], offsets[i + 1]]);
        }
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  var BREAK = /[\s。，、；：！？.,;:!?]/;

  // A window of about width characters around the densest matches: [[text, marked]].
  function snippet(text, terms, width) {
    var ranges = highlight(text, terms);
    var best = 0, bestCount = 0;
    for (var i = 0, j = 0; i < ranges.length; i++) {
      while (j < ranges.length && ranges[j][1] <= ranges[i][0] + width) j++;
      if (j - i > bestCount) { bestCount = j - i; best = i; }
    }
    var start = ranges.length ? Math.max(0, ranges[best][0] - Math.floor(width / 4)) : 0;
    for (var back = 0; start > 0 && back < 20 && !BREAK.test(text.charAt(start - 1)); back++) start--;
    if (/[\udc00-\udfff]/.test(text.charAt(start))) start--;
    var end = Math.min(text.length, start + width);
    for (var fwd = 0; end < text.length && fwd < 20 && !BREAK.test(text.charAt(end)); fwd++) end++;
    if (end < text.length && /[\udc00-\udfff]/.test(text.charAt(end))) end++;
    var parts = [];
    if (start > 0) parts.push(["… ", false]);
    var at = start;
    ranges.forEach(function (r) {
      var a = Math.max(r[0], start), b = Math.min(r[1], end);
      if (a >= b) return;
      if (a > at) parts.push([text.slice(at, a), false]);
      parts.push([text.slice(a, b), true]);
      at = b;
    });
    if (at < end) parts.push([text.slice(at, end), false]);
    if (end < text.length) parts.push([" …", false]);
    return { parts: parts, matched: ranges.length > 0 };
  }

  // What a result shows: title, date, URL and snippet as [[text, marked]] parts.
  function present(fragment, terms, lang) {
    var width = /^(zh|ja)/.test(lang || "") ? 90 : 180;
    var body = snippet(fragment.b || "", terms, width);
    var summary = snippet(fragment.s || "", terms, width);
    var title = highlight(fragment.t || "", terms);
    return {
      url: fragment.u || "",
      date: fragment.d || "",
      title: marked(fragment.t || "", title),
      snippet: body.matched || !fragment.s ? body.parts : summary.parts
    };
  }

  function marked(text, ranges) {
    var parts = [], at = 0;
    ranges.forEach(function (r) {
      if (r[0] > at) parts.push([text.slice(at, r[0]), false]);
      parts.push([text.slice(r[0], r[1]), true]);
      at = r[1];
    });
    if (at < text.length) parts.push([text.slice(at), false]);
    return parts;
  }

  // ---------------------------------------------------------------------------------------
  // The page.

  function safeHref(url) {
    return /^(\/|https?:\/\/|[^:/?#]*(?:[/?#]|$))/i.test(url) ? url : "#";
  }

  function appendParts(parent, parts) {
    parts.forEach(function (p) {
      if (p[1]) {
        var mark = document.createElement("mark");
        mark.textContent = p[0];
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(p[0]));
      }
    });
  }

  function resultItem(r) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.setAttribute("href", safeHref(r.url));
    appendParts(a, r.title);
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = r.date;
    var text = document.createElement("p");
    text.className = "snippet";
    appendParts(text, r.snippet);
    li.appendChild(a);
    li.appendChild(meta);
    li.appendChild(text);
    return li;
  }

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  function attach(box) {
    var input = box.querySelector("input[type=search], input[name=q]");
    var form = box.querySelector("form");
    var status = box.querySelector(".search-status");
    var list = box.querySelector(".search-results");
    // "{n} Treffer" or "{n}条结果": the language places the number; a text without {n} follows it.
    var counted = function (n, text) { return text.indexOf("{n}") >= 0 ? text.replace("{n}", n) : n + " " + text; };
    if (!input || !status || !list) return;
    var texts = box.dataset;
    var searcher = new Searcher(texts.index, fetchJson);
    var lang = document.documentElement.lang || "";
    var run = 0;
    var timer = null;
    var more = document.createElement("button");
    more.type = "button";
    more.className = "search-more";
    more.textContent = texts.more || "Weitere Ergebnisse";
    more.hidden = true;
    list.parentNode.insertBefore(more, list.nextSibling);
    var current = { hits: [], terms: [], shown: 0 };

    function announce(count) {
      if (count === 0) status.textContent = texts.noResults || "Keine Treffer";
      else status.textContent = counted(count, count === 1 ? texts.resultOne || texts.results || "Ergebnis" : texts.results || "Ergebnisse");
    }

    function showPage(mine, focusFirst) {
      var page = current.hits.slice(current.shown, current.shown + PAGE);
      current.shown += page.length;
      more.hidden = current.shown >= current.hits.length;
      return Promise.all(page.map(function (hit) { return searcher.fragment(hit[0]); })).then(function (fragments) {
        if (mine !== run) return;
        var first = null;
        fragments.forEach(function (f) {
          var li = resultItem(present(f, current.terms, lang));
          first = first || li;
          list.appendChild(li);
        });
        if (focusFirst && first) first.querySelector("a").focus();
      });
    }

    function update(text) {
      var mine = ++run;
      var url = new URL(location.href);
      if (text) url.searchParams.set("q", text);
      else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      if (!text.trim()) {
        list.textContent = "";
        status.textContent = "";
        more.hidden = true;
        return Promise.resolve();
      }
      return searcher.search(text).then(function (result) {
        if (mine !== run) return;
        current = { hits: result.hits, terms: result.terms, shown: 0 };
        list.textContent = "";
        announce(result.hits.length);
        return showPage(mine, false);
      }).catch(function () {
        if (mine !== run) return;
        list.textContent = "";
        more.hidden = true;
        status.textContent = texts.error || "Die Suche ist gerade nicht erreichbar.";
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { update(input.value); }, 200);
    });
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        clearTimeout(timer);
        update(input.value);
      });
    }
    more.addEventListener("click", function () { showPage(run, true); });
    // Fetch the manifest while the reader starts typing.
    input.addEventListener("focus", function () { searcher.get(texts.index).catch(function () {}); }, { once: true });

    var initial = new URL(location.href).searchParams.get("q") || "";
    if (initial) {
      input.value = initial;
      update(initial);
    }
  }

  var api = {
    tokens: tokens, wordTerms: wordTerms, cjkTerms: cjkTerms, query: query, decodeList: decodeList,
    Searcher: Searcher, highlight: highlight, snippet: snippet, present: present, PAGE: PAGE
  };

  if (typeof document !== "undefined") {
    var start = function () { document.querySelectorAll(".search[data-index]").forEach(attach); };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  } else if (typeof module === "object" && module.exports) {
    module.exports = api;
  }
})();
