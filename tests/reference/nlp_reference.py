#!/usr/bin/python3
"""Reference values for tests/test-topic-nlp.c → tests/nlp-reference.h

  TF-IDF        sklearn.feature_extraction.text.TfidfVectorizer (the default token pattern)
  BLEU          nltk.translate.bleu_score (sentence_bleu, corpus_bleu; SmoothingFunction
                method1 = floor, method2 = add-one, method3 = NIST)
  ROUGE         written below from Lin (2004), checked on the paper's examples
  METEOR        written below from Banerjee & Lavie (2005): exact then Porter-stem stages, each
                the maximal alignment with the fewest crossings, found by enumerating all of
                them; and nltk.translate.meteor_score with WordNet disabled (an empty synset
                reader) and the original Porter algorithm, on cases where nltk's greedy
                alignment is also the paper's
  BPE           written below from Sennrich, Haddow & Birch (2016), Algorithm 1, with
                subword-nmt's end-of-word convention and the tie rule of the C code

Run: /usr/bin/python3 tests/reference/nlp_reference.py > tests/nlp-reference.h
"""
import math
import re
import sys
import warnings
from collections import Counter

import numpy as np
import sklearn
import nltk
from nltk.tokenize import wordpunct_tokenize
from nltk.translate.bleu_score import sentence_bleu, corpus_bleu, SmoothingFunction
from sklearn.feature_extraction.text import TfidfVectorizer

warnings.simplefilter("ignore")

# ---------------------------------------------------------------- texts

CORPUS = [
    "The cat sat on the mat. The cat was happy.",
    "A dog sat on the log; the dog barked at the cat.",
    "Cats and dogs are pets, and pets need food.",
    "The café serves naïve crème brûlée to every guest.",
    "東京 は 日本 の 首都 です。東京タワー is tall.",
    "Emoji🙂split words: rocket🚀launch and 😀 faces, Ünïcödé ÅNGSTRÖM.",
    "Stock markets fell as investors sold shares and bonds.",
    "Investors bought bonds when the markets rallied.",
]

TOKENIZE = [
    "Hello, World! It's 2024_x a b cd",
    "東京タワー は 高い。Café naïve ÅNGSTRÖM",
    "rocket🚀launch 😀 faces ٣٤٥ numbers ½ x²",
    "tab\tseparated\u00a0nbsp\u2003em-space — dash",
]

TFIDF_OPTIONS = [
    # tf, idf, norm, stop, min_df, max_df, max_features
    ("raw", "smooth", "l2", False, 1, 1.0, 0),
    ("log", "plain", "l1", False, 1, 1.0, 0),
    ("binary", "none", "none", True, 1, 1.0, 0),
    ("raw", "smooth", "l2", True, 2, 1.0, 0),
    ("log", "smooth", "l2", False, 1, 1.0, 10),
    ("raw", "plain", "l2", False, 1, 0.3, 0),
]

BLEU_CASES = [
    ("the cat is on the mat", ["the cat is on the mat"]),
    ("the the the the the the the", ["the cat is on the mat", "there is a cat on the mat"]),
    ("It is a guide to action which ensures that the military always obeys the commands of the party.",
     ["It is a guide to action that ensures that the military will forever heed Party commands.",
      "It is the guiding principle which guarantees the military forces always being under the command of the Party.",
      "It is the practical guide for the army always to heed the directions of the party."]),
    ("the cat sat", ["the cat sat on the mat"]),
    ("on the mat the cat sat", ["the cat sat on the mat"]),
    ("a completely different sentence", ["the cat sat on the mat"]),
    ("le chat est sur le tapis , très content 😀", ["le chat est sur le tapis , content", "un chat sur un tapis"]),
]
SMOOTHINGS = ["none", "floor", "add-one", "nist"]

ROUGE_CASES = [
    ("police kill the gunman", "police killed the gunman"),
    ("the gunman kill police", "police killed the gunman"),
    ("the cat was found under the bed", "the cat was under the bed"),
    ("on the mat the cat sat", "the cat sat on the mat"),
    ("東京 は 日本 の 首都", "日本 の 首都 は 東京"),
    ("nothing matches here", "the cat sat"),
]

BPE_CORPUS = [
    "low low low low low lower lower newest newest newest newest newest newest widest widest widest",
    "naïve café cafés 東京 東京タワー",
]
BPE_MERGES = 30
BPE_SAMPLE = "lowest newer cafés 東京タワー"


# ---------------------------------------------------------------- helpers

def c_str(s):
    out = '"'
    for ch in s.encode("utf-8"):
        if ch in (0x22, 0x5C):
            out += "\\" + chr(ch)
        elif 0x20 <= ch < 0x7F:
            out += chr(ch)
        else:
            out += '\\%03o' % ch
    return out + '"'


def c_double(x):
    return repr(float(x))


def c_strv(name, items):
    print("static const char *const %s[] = {" % name)
    for s in items:
        print("  %s," % c_str(s))
    print("  NULL,\n};")


def c_doubles(name, values):
    print("static const double %s[] = {" % name)
    for i in range(0, len(values), 4):
        print("  " + ", ".join(c_double(v) for v in values[i:i + 4]) + ",")
    if not values:
        print("  0,")
    print("};")


# ---------------------------------------------------------------- ROUGE, from Lin (2004)

def ngrams(tokens, n):
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def prf(overlap, n_cand, n_ref):
    p = overlap / n_cand if n_cand else 0.0
    r = overlap / n_ref if n_ref else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return p, r, f


def rouge_n(cand, ref, n):
    # §2: Σ Count_match(gram_n) over the reference's n-grams, clipped; recall over the reference
    c, r = ngrams(cand, n), ngrams(ref, n)
    overlap = sum(min(k, r[g]) for g, k in c.items())
    return prf(overlap, sum(c.values()), sum(r.values()))


def lcs(a, b):
    t = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            t[i][j] = t[i - 1][j - 1] + 1 if a[i - 1] == b[j - 1] else max(t[i - 1][j], t[i][j - 1])
    return t[len(a)][len(b)]


def rouge_l(cand, ref):
    # §3.1: R_lcs = LCS/m (reference length), P_lcs = LCS/n (candidate length), F with β = 1
    return prf(lcs(cand, ref), len(cand), len(ref))


# Lin (2004) §3.1: S1 reference, S2 and S3 candidates: ROUGE-L 3/4 and 1/2 (with β = 1);
# ROUGE-2 prefers S2 (1/3 of bigrams) and gives S3 none
S1, S2, S3 = "police killed the gunman".split(), "police kill the gunman".split(), "the gunman kill police".split()
assert rouge_l(S2, S1)[2] == 0.75 and rouge_l(S3, S1)[2] == 0.5
assert rouge_n(S2, S1, 2)[2] == 1 / 3 and rouge_n(S3, S1, 2)[2] == 1 / 3
# §3.1's S4 “the gunman police killed”: LCS 2 (“the gunman”) like S3
assert lcs("the gunman police killed".split(), S1) == 2


# ---------------------------------------------------------------- METEOR, from Banerjee & Lavie (2005)

from itertools import permutations, product
from nltk.stem.porter import PorterStemmer
from nltk.translate.meteor_score import meteor_score as nltk_meteor

PORTER = PorterStemmer(mode=PorterStemmer.ORIGINAL_ALGORITHM)


class NoWordNet:
    """nltk's synonym stage with WordNet disabled: no word has synsets."""

    @staticmethod
    def synsets(word):
        return []


def crossings(align):
    pairs = sorted(align.items())
    return sum(1 for a in range(len(pairs)) for b in range(a + 1, len(pairs)) if pairs[b][1] < pairs[a][1])


def stage(ckeys, rkeys, align):
    """Every maximal alignment of the free tokens with equal keys (all injective maps per key,
    in any order), the one with the fewest crossings against `align`; ties: the smallest
    reference positions read in candidate order."""
    used = set(align.values())
    types = {}
    for i, k in enumerate(ckeys):
        if i not in align:
            types.setdefault(k, ([], []))[0].append(i)
    for j, k in enumerate(rkeys):
        if j not in used and k in types:
            types[k][1].append(j)
    options = []
    for cs, rs in types.values():
        n = min(len(cs), len(rs))
        if n == 0:
            continue
        opts = []
        for csub in permutations(cs, n):
            for rsub in permutations(rs, n):
                if list(csub) == sorted(csub):   # each set of pairs once
                    opts.append(list(zip(csub, rsub)))
        options.append(opts)
    best, best_key = dict(align), None
    for combo in product(*options):
        trial = dict(align)
        for pairs in combo:
            trial.update(pairs)
        key = (crossings(trial), [trial.get(i, math.inf) for i in range(len(ckeys))])
        if best_key is None or key < best_key:
            best, best_key = trial, key
    return best


def meteor(cand, ref):
    align = stage(cand, ref, {})
    exact = set(align)
    align = stage([PORTER.stem(w) for w in cand], [PORTER.stem(w) for w in ref], align)
    m = len(align)
    if m == 0:
        return dict(score=0.0, matches=0, chunks=0, penalty=0.0, fmean=0.0, align=[-1] * len(cand), stems=0)
    pairs = sorted(align.items())
    chunks = 1 + sum(1 for a, b in zip(pairs, pairs[1:]) if not (b[0] == a[0] + 1 and b[1] == a[1] + 1))
    p, r = m / len(cand), m / len(ref)
    fmean = 10 * p * r / (r + 9 * p)
    penalty = 0.5 * (chunks / m) ** 3
    return dict(score=fmean * (1 - penalty), matches=m, chunks=chunks, penalty=penalty, fmean=fmean,
                align=[align.get(i, -1) for i in range(len(cand))], stems=len(align) - len(exact))


# the paper's §2 example: “the president spoke to the audience” / “the president then spoke to the
# audience”: 6 matches in 2 chunks (“the president”, “spoke to the audience”)
_e = meteor("the president spoke to the audience".split(), "the president then spoke to the audience".split())
assert _e["matches"] == 6 and _e["chunks"] == 2


# ---------------------------------------------------------------- BPE, from Sennrich et al. (2016)

def bpe_train(docs, num_merges):
    vocab = Counter()
    for d in docs:
        for w in re.findall(r"\w+", d.lower()):
            vocab[w] += 1
    words = {tuple(w[:-1]) + (w[-1] + "</w>",): f for w, f in vocab.items()}
    merges, vocab_sizes, means, tops = [], [], [], []
    occurrences = sum(words.values())
    for step in range(num_merges + 1):
        pairs = Counter()
        symbols = set()
        total = 0
        for w, f in words.items():
            symbols.update(w)
            total += f * len(w)
            for i in range(len(w) - 1):
                pairs[w[i], w[i + 1]] += f
        vocab_sizes.append(len(symbols))
        means.append(total / occurrences)
        ranked = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
        tops.append(ranked[:5])
        if step == num_merges or not pairs:
            break
        (a, b), count = ranked[0]
        merges.append((a, b, count))
        new = {}
        for w, f in words.items():
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and w[i] == a and w[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            new[tuple(out)] = new.get(tuple(out), 0) + f
        words = new
    return merges, vocab_sizes, means, tops


def bpe_encode(merges, text):
    rank = {(a, b): i for i, (a, b, _) in enumerate(merges)}
    out = []
    for w in re.findall(r"\w+", text.lower()):
        sym = list(w[:-1]) + [w[-1] + "</w>"]
        while len(sym) > 1:
            pairs = [(rank.get((sym[i], sym[i + 1]), math.inf), i) for i in range(len(sym) - 1)]
            best = min(pairs)[0]
            if best == math.inf:
                break
            a, b = merges[best][0], merges[best][1]
            i, new = 0, []
            while i < len(sym):
                if i + 1 < len(sym) and sym[i] == a and sym[i + 1] == b:
                    new.append(a + b)
                    i += 2
                else:
                    new.append(sym[i])
                    i += 1
            sym = new
        out += sym
    return out


# ---------------------------------------------------------------- output

print("/* nlp-reference.h — generated by tests/reference/nlp_reference.py; do not edit")
print(" * scikit-learn %s, nltk %s, Python %s */" % (sklearn.__version__, nltk.__version__, sys.version.split()[0]))
print("#pragma once\n#include <glib.h>\n")

c_strv("ref_corpus", CORPUS)
c_strv("ref_tokenize_texts", TOKENIZE)
analyzer = TfidfVectorizer().build_analyzer()
for i, t in enumerate(TOKENIZE):
    c_strv("ref_tokens_sklearn_%d" % i, analyzer(t))
    c_strv("ref_tokens_words_%d" % i, re.findall(r"\w+", t.lower()))
    c_strv("ref_tokens_wordpunct_%d" % i, wordpunct_tokenize(t.lower()))
print("static const char *const *const ref_tokens_sklearn[] = { %s };" %
      ", ".join("ref_tokens_sklearn_%d" % i for i in range(len(TOKENIZE))))
print("static const char *const *const ref_tokens_words[] = { %s };" %
      ", ".join("ref_tokens_words_%d" % i for i in range(len(TOKENIZE))))
print("static const char *const *const ref_tokens_wordpunct[] = { %s };" %
      ", ".join("ref_tokens_wordpunct_%d" % i for i in range(len(TOKENIZE))))

# TF-IDF
print("\ntypedef struct { const char *tf, *idf, *norm; gboolean stop; guint min_df; double max_df; guint max_features;"
      " const char *const *terms; const double *matrix; } RefTfidf;")
for k, (tf, idf, norm, stop, min_df, max_df, max_features) in enumerate(TFIDF_OPTIONS):
    v = TfidfVectorizer(sublinear_tf=(tf == "log"), binary=(tf == "binary"),
                        use_idf=(idf != "none"), smooth_idf=(idf == "smooth"),
                        norm=None if norm == "none" else norm,
                        stop_words="english" if stop else None,
                        min_df=min_df, max_df=max_df, max_features=max_features or None)
    X = v.fit_transform(CORPUS).toarray()
    if max_features:
        # scikit-learn keeps the max_features most frequent terms with numpy's unstable argsort,
        # so a tie at the cut is broken arbitrarily: the reference only uses cuts without a tie
        # (the C code breaks them by vocabulary order)
        from sklearn.feature_extraction.text import CountVectorizer
        counts = np.sort(np.asarray(CountVectorizer(stop_words="english" if stop else None,
                                                    min_df=min_df, max_df=max_df).fit_transform(CORPUS).sum(0)).ravel())[::-1]
        assert counts[max_features - 1] > counts[max_features]
    terms = list(v.get_feature_names_out())
    c_strv("ref_tfidf_terms_%d" % k, terms)
    c_doubles("ref_tfidf_matrix_%d" % k, [float(x) for x in X.ravel()])
print("static const RefTfidf ref_tfidf[] = {")
for k, (tf, idf, norm, stop, min_df, max_df, max_features) in enumerate(TFIDF_OPTIONS):
    print('  { "%s", "%s", "%s", %s, %d, %s, %d, ref_tfidf_terms_%d, ref_tfidf_matrix_%d },' %
          (tf, idf, norm, "TRUE" if stop else "FALSE", min_df, c_double(max_df), max_features, k, k))
print("};")

# BLEU
sm = SmoothingFunction()
functions = {"none": None, "floor": sm.method1, "add-one": sm.method2, "nist": sm.method3}
print("\ntypedef struct { const char *candidate; const char *const *references; } RefBleuCase;")
for i, (c, refs) in enumerate(BLEU_CASES):
    c_strv("ref_bleu_refs_%d" % i, refs)
print("static const RefBleuCase ref_bleu_cases[] = {")
for i, (c, refs) in enumerate(BLEU_CASES):
    print("  { %s, ref_bleu_refs_%d }," % (c_str(c), i))
print("};")
print("/* [case][smoothing][max_n − 1], max_n = 1…4; smoothing none, floor, add-one, nist */")
print("static const double ref_bleu_sentence[%d][4][4] = {" % len(BLEU_CASES))
for c, refs in BLEU_CASES:
    hyp = wordpunct_tokenize(c.lower())
    rs = [wordpunct_tokenize(r.lower()) for r in refs]
    print("  {")
    for s in SMOOTHINGS:
        vals = [sentence_bleu(rs, hyp, weights=(1.0 / n,) * n, smoothing_function=functions[s]) for n in range(1, 5)]
        print("    { " + ", ".join(c_double(x) for x in vals) + " },")
    print("  },")
print("};")
print("static const double ref_bleu_corpus[4][4] = {")
hyps = [wordpunct_tokenize(c.lower()) for c, _ in BLEU_CASES]
refss = [[wordpunct_tokenize(r.lower()) for r in refs] for _, refs in BLEU_CASES]
for s in SMOOTHINGS:
    vals = [corpus_bleu(refss, hyps, weights=(1.0 / n,) * n, smoothing_function=functions[s]) for n in range(1, 5)]
    print("  { " + ", ".join(c_double(x) for x in vals) + " },")
print("};")

# ROUGE
print("\ntypedef struct { const char *candidate, *reference; double r1[3], r2[3], rl[3]; } RefRouge;")
print("static const RefRouge ref_rouge[] = {")
for c, r in ROUGE_CASES:
    ct, rt = wordpunct_tokenize(c.lower()), wordpunct_tokenize(r.lower())
    v = [rouge_n(ct, rt, 1), rouge_n(ct, rt, 2), rouge_l(ct, rt)]
    print("  { %s, %s, %s }," % (c_str(c), c_str(r), ", ".join(
        "{ " + ", ".join(c_double(x) for x in t) + " }" for t in v)))
print("};")

# METEOR
METEOR_CASES = [
    # (candidate, reference, nltk agrees): nltk's greedy alignment is the paper's when no word repeats
    ("the cat sat on the mat", "on the mat sat the cat", False),
    ("the president spoke to the audience", "the president then spoke to the audience", False),
    ("cats were sitting quietly", "the cat sat quietly", True),
    ("he is running fast", "he runs quickly", True),
    ("a b c d", "d c b a", True),
    ("the cat and the dog", "the dog and the cat", False),
    ("nothing here", "entirely different words", True),
    ("connected generously relational", "connection generous relate", True),
]
print("\ntypedef struct { const char *candidate, *reference; double score, fmean, penalty; guint matches, chunks;"
      " const int *align; } RefMeteor;")
for k, (c, r, agree) in enumerate(METEOR_CASES):
    ct, rt = wordpunct_tokenize(c.lower()), wordpunct_tokenize(r.lower())
    v = meteor(ct, rt)
    if agree:
        n = nltk_meteor([rt], ct, stemmer=PORTER, wordnet=NoWordNet())
        assert abs(n - v["score"]) < 1e-12, (c, r, n, v["score"])
    print("static const int ref_meteor_align_%d[] = { %s };" % (k, ", ".join(str(a) for a in v["align"]) or "0"))
print("static const RefMeteor ref_meteor[] = {")
for k, (c, r, agree) in enumerate(METEOR_CASES):
    ct, rt = wordpunct_tokenize(c.lower()), wordpunct_tokenize(r.lower())
    v = meteor(ct, rt)
    print("  { %s, %s, %s, %s, %s, %d, %d, ref_meteor_align_%d }," % (c_str(c), c_str(r), c_double(v["score"]),
          c_double(v["fmean"]), c_double(v["penalty"]), v["matches"], v["chunks"], k))
print("};")
# where nltk differs: its greedy alignment on the first case
_c, _r = "the cat sat on the mat".split(), "on the mat sat the cat".split()
print("/* nltk (greedy) on case 0: %.17g; the paper's alignment: %.17g */" %
      (nltk_meteor([_r], _c, stemmer=PORTER, wordnet=NoWordNet()), meteor(_c, _r)["score"]))

# BPE
merges, vocab_sizes, means, tops = bpe_train(BPE_CORPUS, BPE_MERGES)
c_strv("ref_bpe_corpus", BPE_CORPUS)
print("#define REF_BPE_MAX_MERGES %d" % BPE_MERGES)
print("#define REF_BPE_N_MERGES %d" % len(merges))
print("#define REF_BPE_SAMPLE %s" % c_str(BPE_SAMPLE))
c_strv("ref_bpe_left", [a for a, b, n in merges])
c_strv("ref_bpe_right", [b for a, b, n in merges])
c_doubles("ref_bpe_count", [n for a, b, n in merges])
c_doubles("ref_bpe_vocabulary", vocab_sizes)
c_doubles("ref_bpe_mean_tokens", means)
print("/* the sample tokenised after 0, 5, 15 and every merge */")
for k in (0, 5, 15, len(merges)):
    c_strv("ref_bpe_encode_%d" % k, bpe_encode(merges[:k], BPE_SAMPLE))
print("static const guint ref_bpe_encode_steps[] = { 0, 5, 15, %d };" % len(merges))
print("static const char *const *const ref_bpe_encode[] = { ref_bpe_encode_0, ref_bpe_encode_5, "
      "ref_bpe_encode_15, ref_bpe_encode_%d };" % len(merges))
