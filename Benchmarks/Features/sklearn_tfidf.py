"""The peer of jobmatch's text encoder: scikit-learn's HashingVectorizer + TfidfTransformer on the
same texts, timed the same way (texts a second for turning raw texts into L2-normalised TF-IDF
rows, after fitting the IDF once). Run by the Features benchmark, which passes the texts file
(one text a line) and reads the JSON this prints.

    python3 sklearn_tfidf.py TEXTS_FILE [REPEATS]

scikit-learn has no Thai word segmentation: its word analyzer takes each run of Thai letters
between spaces as one token, so the character 3-gram analyzer ("char_wb") is the fairer peer
for Thai; both are reported.
"""
import json
import statistics
import sys
import time

from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer


def measure(texts, vectorizer, repeats):
    transformer = TfidfTransformer(sublinear_tf=True).fit(vectorizer.transform(texts))
    rates, nnz = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        rows = transformer.transform(vectorizer.transform(texts))
        elapsed = time.perf_counter() - start
        rates.append(len(texts) / elapsed)
        nnz = rows.nnz
    return {"texts_per_s": statistics.median(rates), "min": min(rates), "max": max(rates),
            "terms_per_text": nnz / len(texts)}


def main():
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with open(path, encoding="utf-8") as handle:
        texts = [line.rstrip("\n") for line in handle]
    import sklearn
    result = {
        "sklearn": sklearn.__version__,
        "texts": len(texts),
        "word": measure(texts, HashingVectorizer(n_features=2**20, alternate_sign=False, norm=None), repeats),
        "char_wb_3": measure(texts, HashingVectorizer(n_features=2**20, alternate_sign=False, norm=None,
                                                      analyzer="char_wb", ngram_range=(3, 3)), repeats),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
