#!/usr/bin/env python3
"""Search figures of a built gazette site: index size per language, and the bytes a browser
fetches for a first one-word query (what themes/default/static/search.js does).

Usage: search_bytes.py OUTPUT_DIR [LANG ...]        (default languages: de zh)

For each language it prints one line of key=value pairs:

  lang=de index_bytes=… index_files=… queries=5 median_bytes=… max_bytes=… words=w1:b1,w2:b2,…

index_bytes/index_files: every file under OUTPUT_DIR/LANG/search/.
A first query loads the manifest (index.json), the chunk(s) of each query term and the first
ten result fragments (f/ID.json), as search.js does:
- a term's chunk is the last i with k[i] <= term; a prefix term (a word of three or more
  letters) also reads the following chunks whose key starts with it, up to three in all;
- results are ranked by 2 * tier (+1 for an exact match), best first, then newest (largest id)
  first; the first ten fragments are fetched.
The query words are taken from the body of a fragment in the middle of the index: German words
of 5+ letters, Chinese 2-character words (one bigram, so one chunk). Five words per language,
spread over that body; the budget applies to a typical first query, so the median is reported
along with the maximum. Sizes are uncompressed bytes on disk. Only the standard library is used.
"""

import json
import os
import re
import statistics
import sys
import unicodedata

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
MAX_CHUNKS_PER_TERM = 3
PAGE = 10
QUERIES = 5

# Two-character words a reader would search for, of the kind the corpus's Chinese bodies use.
CHINESE_WORDS = set(
    "企业 合作 项目 投资 签约 产业 发展 领域 活动 代表 物流 农业 展会 考察 贸易 协作 园区 就业 光伏 "
    "能源 制造 汽车 医药 电子 商务 港口 班列 市场 政府 基金 工厂 产能 招聘 岗位 面积 观众 资金 "
    "交通 审批 人才 论坛 主题 平台 交流 优势 资源 消费 帮扶 货物 土地 果蔬 智能 装备 材料 化工 "
    "纺织 食品 旅游 文化 创新 数字 经济 新闻 报道 省委 东部 西部 山东 重庆 甘肃 德国".split()
)


def decode_list(text):
    """A posting list: gaps in base-32 digits, or a bitmap after '~' (src/search/encode.rs)."""
    ids = []
    if text.startswith("~"):
        for i, ch in enumerate(text[1:]):
            v = ALPHABET.index(ch)
            ids.extend(i * 6 + b for b in range(6) if v & (1 << b))
        return ids
    acc, shift, previous = 0, 0, -1
    for ch in text:
        v = ALPHABET.find(ch)
        if v < 0:
            break
        acc += (v & 31) << shift
        shift += 5
        if not v & 32:
            previous = acc if previous < 0 else previous + 1 + acc
            ids.append(previous)
            acc, shift = 0, 0
    return ids


def utf16_key(s):
    """JavaScript compares strings by UTF-16 code units."""
    return s.encode("utf-16-be")


def chunk_of(keys, term):
    lo, hi = 0, len(keys)
    t = utf16_key(term)
    while lo < hi:
        mid = (lo + hi) // 2
        if utf16_key(keys[mid]) <= t:
            lo = mid + 1
        else:
            hi = mid
    return max(0, lo - 1)


def chunks_for(keys, term, prefix):
    first = chunk_of(keys, term)
    out = [first]
    nxt = first + 1
    while prefix and nxt < len(keys) and keys[nxt].startswith(term) and len(out) < MAX_CHUNKS_PER_TERM:
        out.append(nxt)
        nxt += 1
    return out


def term_scores(chunks, term, prefix):
    scores = {}
    for chunk in chunks:
        for t, postings in zip(chunk["t"], chunk["p"]):
            exact = t == term
            if not exact and not (prefix and t.startswith(term)):
                continue
            for tier, lst in enumerate(postings.split(".")):
                score = 2 * tier + (1 if exact else 0)
                for doc in decode_list(lst):
                    if scores.get(doc, -1) < score:
                        scores[doc] = score
    return scores


def fold(word):
    """German folding of search.js for a plain word: lower case, umlauts, marks dropped."""
    if word.isascii():
        return word.lower()
    lower = unicodedata.normalize("NFKC", word).lower()
    folded = lower.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))


def query_bytes(search_dir, manifest, term, prefix):
    """Bytes fetched for a one-term query: manifest, its chunks, the first ten fragments."""
    size = lambda rel: os.path.getsize(os.path.join(search_dir, rel))
    total = size("index.json")
    chunk_ids = chunks_for(manifest["k"], term, prefix)
    chunks = []
    for i in chunk_ids:
        rel = "c/%s.json" % manifest["c"][i]
        total += size(rel)
        with open(os.path.join(search_dir, rel), encoding="utf-8") as f:
            chunks.append(json.load(f))
    scores = term_scores(chunks, term, prefix)
    hits = sorted(scores.items(), key=lambda kv: (-kv[1], -kv[0]))
    for doc, _ in hits[:PAGE]:
        total += size("f/%d.json" % doc)
    return total, len(hits), len(chunk_ids)


def pick_words(body, lang):
    """Query words spread over one article body."""
    if lang.startswith("zh") or lang.startswith("ja"):
        # Bigrams that are words (not 年乌 across a word boundary), in the order they occur.
        bigrams = [body[i : i + 2] for i in range(len(body) - 1)]
        candidates = [b for b in bigrams if b in CHINESE_WORDS]
    else:
        candidates = [w for w in re.findall(r"[^\W\d_]{5,}", body)]
    seen, unique = set(), []
    for c in candidates:
        if c.lower() not in seen:
            seen.add(c.lower())
            unique.append(c)
    if len(unique) <= QUERIES:
        return unique
    step = len(unique) / QUERIES
    return [unique[int(i * step)] for i in range(QUERIES)]


def measure(out_dir, lang):
    search_dir = os.path.join(out_dir, lang, "search")
    manifest_path = os.path.join(search_dir, "index.json")
    if not os.path.exists(manifest_path):
        return "lang=%s missing=%s" % (lang, manifest_path)
    files, index_bytes = 0, 0
    for root, _, names in os.walk(search_dir):
        for name in names:
            files += 1
            index_bytes += os.path.getsize(os.path.join(root, name))
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    docs = manifest.get("docs", 0)
    with open(os.path.join(search_dir, "f/%d.json" % (docs // 2)), encoding="utf-8") as f:
        body = json.load(f).get("b", "")
    results = []
    for word in pick_words(body, lang):
        cjk = re.fullmatch(r"[\u4e00-\u9fff]{2}", word) is not None
        term = unicodedata.normalize("NFKC", word) if cjk else fold(word)
        prefix = not cjk and len(term) >= 3
        size, hits, chunks = query_bytes(search_dir, manifest, term, prefix)
        results.append((word, size, hits, chunks))
    sizes = [r[1] for r in results] or [0]
    words = ",".join("%s:%d:%dhits:%dchunks" % r for r in results)
    return (
        "lang=%s docs=%d index_bytes=%d index_files=%d manifest_bytes=%d queries=%d median_bytes=%d max_bytes=%d words=%s"
        % (lang, docs, index_bytes, files, os.path.getsize(manifest_path), len(results),
           statistics.median(sizes), max(sizes), words)
    )


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out_dir = sys.argv[1]
    for lang in sys.argv[2:] or ["de", "zh"]:
        print(measure(out_dir, lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
