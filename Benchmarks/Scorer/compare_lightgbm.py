#!/usr/bin/env python3
"""jobmatch's LambdaMART beside LightGBM's lambdarank, side by side on identical LETOR files.

Both train on the same rows with 2 threads; both test predictions are scored by the one NDCG
function below (the definition of jobmatch's RankingMetric: gain 2^label - 1, discount
1/log2(position + 2), ties in row order, groups without a relevant row left out).

    pip install lightgbm scikit-learn
    python3 Benchmarks/Scorer/compare_lightgbm.py --jobmatch .build/release/jobmatch \
        --train DIR/train.txt --valid DIR/valid.txt --test DIR/test.txt --repeat 3

Timings are training only (LightGBM: Dataset construction + boosting; jobmatch: binning +
boosting, as its model file records), not reading the text files. Medians of --repeat runs.
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

import numpy as np


def load(path, binary, workdir):
    """The same rows as NumPy arrays: jobmatch converts the LETOR text (scikit-learn's
    load_svmlight_file reads the same values, but takes minutes for a million rows)."""
    prefix = os.path.join(workdir, os.path.basename(path))
    subprocess.run([binary, "examples", "--read", path, "--npy", prefix], check=True, stdout=subprocess.DEVNULL)
    x = np.load(prefix + ".x.npy")
    y = np.load(prefix + ".y.npy").reshape(-1)
    sizes = np.load(prefix + ".groups.npy").reshape(-1)
    return x, y, sizes


def ndcg_per_group(labels, scores, sizes, k=10):
    """NDCG@k of every group with a relevant row, in file order."""
    values, start = [], 0
    for size in sizes:
        y = labels[start:start + size]
        s = scores[start:start + size]
        start += size
        ideal = np.sort(y)[::-1][:k]
        discounts = 1 / np.log2(np.arange(len(ideal)) + 2)
        best = np.sum((2 ** ideal - 1) * discounts)
        if best <= 0:
            continue
        order = np.argsort(-s, kind="stable")[:k]
        dcg = np.sum((2 ** y[order] - 1) * (1 / np.log2(np.arange(len(order)) + 2)))
        values.append(dcg / best)
    return np.array(values)


def ndcg_at(labels, scores, sizes, k=10):
    values = ndcg_per_group(labels, scores, sizes, k)
    return (float(values.mean()) if len(values) else 0.0), len(values)


def paired_interval(a, b, resamples=2000, seed=1):
    """Mean of a - b over groups and its 95% bootstrap interval (groups resampled)."""
    difference = a - b
    generator = np.random.default_rng(seed)
    means = [difference[generator.integers(0, len(difference), len(difference))].mean() for _ in range(resamples)]
    return float(difference.mean()), float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def run_lightgbm(train, test, rounds, threads):
    import lightgbm as lgb
    x, y, sizes = train
    started = time.perf_counter()
    dataset = lgb.Dataset(x, y, group=sizes, params={"verbose": -1})
    booster = lgb.train({"objective": "lambdarank", "num_threads": threads, "verbose": -1}, dataset, num_boost_round=rounds)
    seconds = time.perf_counter() - started
    return seconds, booster.predict(test[0], num_threads=threads)


def run_jobmatch(binary, paths, rounds, early_stopping, workdir):
    """Without early stopping, trains without the validation file, as LightGBM does here."""
    model = os.path.join(workdir, "model.json")
    predictions = os.path.join(workdir, "predictions.txt")
    validation = ["--valid", paths["valid"]] if early_stopping > 0 else []
    subprocess.run([binary, "train", "--letor", paths["train"], *validation, "--out", model,
                    "--rounds", str(rounds), "--early-stopping", str(early_stopping), "--quiet"], check=True)
    with open(model) as handle:
        record = json.load(handle)
    seconds = record["rounds"][-1]["seconds"]
    subprocess.run([binary, "evaluate", "--letor", paths["test"], "--model", model, "--predictions", predictions, "--quiet"],
                   check=True, stdout=subprocess.DEVNULL)
    return seconds, np.loadtxt(predictions), len(record["rounds"])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobmatch", required=True)
    parser.add_argument("--train", required=True)
    parser.add_argument("--valid", required=True)
    parser.add_argument("--test", required=True)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import lightgbm
    paths = {"train": args.train, "valid": args.valid, "test": args.test}
    conversions = tempfile.TemporaryDirectory()
    train, test = load(args.train, args.jobmatch, conversions.name), load(args.test, args.jobmatch, conversions.name)
    print(f"train: {len(train[1])} rows, {len(train[2])} groups, {train[0].shape[1]} features; "
          f"test: {len(test[1])} rows, {len(test[2])} groups; LightGBM {lightgbm.__version__}, {args.threads} threads")
    results = {"LightGBM lambdarank (defaults, 100 rounds)": [],
               "jobmatch boosted-trees (100 rounds, no early stopping)": [],
               "jobmatch boosted-trees (early stopping on valid)": []}
    last = {}
    with tempfile.TemporaryDirectory() as workdir:
        for _ in range(args.repeat):
            seconds, scores = run_lightgbm(train, test, args.rounds, args.threads)
            last["lightgbm"] = scores
            results["LightGBM lambdarank (defaults, 100 rounds)"].append((seconds, ndcg_at(test[1], scores, test[2])[0], args.rounds))
            seconds, scores, rounds = run_jobmatch(args.jobmatch, paths, args.rounds, 0, workdir)
            last["jobmatch"] = scores
            results["jobmatch boosted-trees (100 rounds, no early stopping)"].append((seconds, ndcg_at(test[1], scores, test[2])[0], rounds))
            seconds, scores, rounds = run_jobmatch(args.jobmatch, paths, args.rounds, 20, workdir)
            results["jobmatch boosted-trees (early stopping on valid)"].append((seconds, ndcg_at(test[1], scores, test[2])[0], rounds))
    reference = statistics.median(s for s, _, _ in results["LightGBM lambdarank (defaults, 100 rounds)"])
    print(f"| model | training s (median of {args.repeat}) | × LightGBM | test NDCG@10 | rounds run |")
    print("| --- | --- | --- | --- | --- |")
    for name, runs in results.items():
        seconds = statistics.median(s for s, _, _ in runs)
        ndcg = statistics.median(n for _, n, _ in runs)
        trees = statistics.median(t for _, _, t in runs)
        print(f"| {name} | {seconds:.2f} | {seconds / reference:.2f} | {ndcg:.4f} | {trees:.0f} |")
    mean, low, high = paired_interval(ndcg_per_group(test[1], last["jobmatch"], test[2]),
                                      ndcg_per_group(test[1], last["lightgbm"], test[2]))
    print(f"test NDCG@10, jobmatch (100 rounds) minus LightGBM, paired over groups: {mean:+.4f} "
          f"(95% bootstrap interval {low:+.4f} to {high:+.4f})")


if __name__ == "__main__":
    main()
