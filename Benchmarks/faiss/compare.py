#!/usr/bin/env python3
"""Side-by-side: jobmatch's exact top-k against FAISS ``IndexFlatIP``, on the same .npy files.

Usage (from the repository root, after ``swift build -c release``)::

    python3 Benchmarks/faiss/compare.py --shape small     # m=10,000  n=100,000 d=256 k=10
    python3 Benchmarks/faiss/compare.py --shape large     # m=100,000 n=200,000 d=128 k=100
    python3 Benchmarks/faiss/compare.py --m 500 --n 5000 --d 64 --k 10 --repeat 1   # quick trial

Options: ``--repeat R`` (default 3) runs each engine R times, alternating the two, and reports
the median search time; ``--jobmatch PATH`` names the binary (default ``.build/release/jobmatch``
under the repository root); ``--workdir DIR`` holds the vectors and results (default
``/tmp/jobmatch-faiss``). ``--m/--n/--d/--k`` override the chosen shape.

What it does:

1. Generates the queries (m x d, seed 1) and items (n x d, seed 2) once with ``jobmatch vectors``
   and reuses them on later runs of the same size.
2. Asks ``jobmatch diagnostics`` which OpenBLAS kernel jobmatch uses. FAISS wheels bundle their own
   OpenBLAS, which picks its kernel once, when it loads, and falls back to a slow generic kernel on
   CPUs it does not know. So FAISS runs in a child process (this script with ``--faiss-worker``)
   whose environment has ``OPENBLAS_CORETYPE`` set to that same kernel, unless you already set it.
   The child sets FAISS's OpenMP threads to the machine's core count, as jobmatch's workers are.
3. Times each engine's search alone: jobmatch's from the ``search X s`` line of its summary on
   standard error, FAISS's as the wall time of ``index.search(Q, k)``; reading the files (and, for
   FAISS, ``index.add``) and writing results are excluded on both sides.
4. Records peak RSS: jobmatch's under ``/usr/bin/time -f %M`` (or from ``wait4`` where GNU time
   is missing), compared with the budget inputs + outputs + 64 MiB; FAISS's is the child's own
   ``ru_maxrss``, which includes the Python interpreter, numpy and faiss.
5. Compares the ids row by row. Where a row differs, every position where the two lists hold
   different items must be a near-tie: the two items' inner products with the query, recomputed in
   float64 from the vectors, differ by less than 1e-5 relative. FAISS returns tied items in no
   particular order, while jobmatch puts the lower index first, so such rows are expected.

Exit status: 0 when the ids agree up to near-ties; 1 when they do not; 2 when the comparison
could not be run (faiss missing, jobmatch missing or failing, bad arguments).

Needs Python 3.11+, numpy and faiss (``pip install faiss-cpu``); nothing else.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]
SHAPES = {
    "small": dict(m=10_000, n=100_000, d=256, k=10),
    "large": dict(m=100_000, n=200_000, d=128, k=100),
}
QUERY_SEED = 1
ITEM_SEED = 2
NEAR_TIE_RELATIVE = 1e-5
RSS_SLACK_BYTES = 64 << 20
MIB = 1 << 20

# "  search 4.09 s: 2443 queries/s, 125.1 GFLOP/s" in `jobmatch topk`'s summary.
SEARCH_LINE = re.compile(r"^\s*search\s+([0-9.]+)\s+s:\s+([0-9]+)\s+queries/s", re.MULTILINE)
# "  BLAS: libopenblas.so.0, kernel Zen (chosen by jobmatch: ...), 1 thread per call; ..."
SUMMARY_BLAS_LINE = re.compile(r"^\s*BLAS:\s*(.*?)(?:;|$)", re.MULTILINE)
# "BLAS kernel:   Zen (chosen by jobmatch because ...)" in `jobmatch diagnostics`.
DIAGNOSTICS_KERNEL_LINE = re.compile(r"^BLAS kernel:\s*(\S+)\s*(.*)$", re.MULTILINE)


class Failure(Exception):
    """The comparison could not be run; the message says why."""


# --------------------------------------------------------------------------------------------
# FAISS worker (child process)
# --------------------------------------------------------------------------------------------


def faiss_worker(argv: list[str]) -> int:
    """Loads Q and X, builds IndexFlatIP, times one search, saves ids and scores, prints JSON."""
    parser = argparse.ArgumentParser(prog="compare.py --faiss-worker")
    parser.add_argument("--queries", required=True)
    parser.add_argument("--items", required=True)
    parser.add_argument("-k", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--ids-out", required=True)
    parser.add_argument("--scores-out", required=True)
    args = parser.parse_args(argv)

    import faiss  # imported only here, after OPENBLAS_CORETYPE is in this process's environment

    baseline_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    threads_before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(args.threads)
    threads_after = faiss.omp_get_max_threads()

    queries = np.load(args.queries)
    items = np.load(args.items)
    index = faiss.IndexFlatIP(items.shape[1])
    index.add(items)
    del items  # the index holds its own copy

    started = time.perf_counter()
    scores, ids = index.search(queries, args.k)
    seconds = time.perf_counter() - started

    np.save(args.ids_out, ids.astype(np.int64, copy=False))
    np.save(args.scores_out, scores)
    report = {
        "seconds": seconds,
        "faiss_version": faiss.__version__,
        "threads_before": threads_before,
        "threads_after": threads_after,
        "blas": loaded_openblas(),
        "baseline_rss_kib": baseline_kib,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    print(json.dumps(report), flush=True)
    return 0


def loaded_openblas() -> list[dict[str, str]]:
    """The OpenBLAS libraries mapped into this process, with the kernel each one chose."""
    import ctypes

    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower()})
    except OSError:
        return []
    found = []
    for path in paths:
        try:
            library = ctypes.CDLL(path)  # already loaded: this only returns its handle
            corename = library.openblas_get_corename
            config = library.openblas_get_config
        except (OSError, AttributeError):
            continue  # e.g. numpy's own OpenBLAS, whose symbols are renamed
        corename.restype = ctypes.c_char_p
        config.restype = ctypes.c_char_p
        found.append({
            "path": path,
            "kernel": (corename() or b"unknown").decode(),
            "config": (config() or b"").decode(),
        })
    return found


# --------------------------------------------------------------------------------------------
# Driver (parent process)
# --------------------------------------------------------------------------------------------


@dataclass
class Shape:
    m: int
    n: int
    d: int
    k: int

    @property
    def flops(self) -> float:
        return 2.0 * self.m * self.n * self.d

    def __str__(self) -> str:
        return f"m={self.m:,} n={self.n:,} d={self.d} k={self.k}"


@dataclass
class EngineRuns:
    seconds: list[float] = field(default_factory=list)
    peak_rss_bytes: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Compare jobmatch's exact top-k with FAISS IndexFlatIP on the same .npy files.",
        epilog="Exit status: 0 ids agree up to near-ties, 1 they do not, 2 the comparison could not run.")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="small",
                        help="sizes from the issue (default: small)")
    for name, meaning in (("m", "queries"), ("n", "items"), ("d", "dimension"), ("k", "results per query")):
        parser.add_argument(f"--{name}", type=int, help=f"override the shape's {meaning}")
    parser.add_argument("--repeat", type=int, default=3, help="runs per engine; the median is reported (default 3)")
    parser.add_argument("--jobmatch", type=Path, default=REPO_ROOT / ".build/release/jobmatch",
                        help="the jobmatch binary (default: .build/release/jobmatch under the repository root)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "jobmatch-faiss",
                        help="folder for vectors and results (default: %(default)s)")
    args = parser.parse_args(argv)
    shape = Shape(**{name: value if getattr(args, name) is None else getattr(args, name)
                     for name, value in SHAPES[args.shape].items()})
    if min(shape.m, shape.n, shape.d, shape.k) < 1:
        parser.error("--m, --n, --d and --k must be at least 1")
    if shape.k > shape.n:
        parser.error("-k must not exceed the number of items")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    args.shape_sizes = shape
    return args


def core_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def run_command(command: list[str], what: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise Failure(f"{what} failed (exit {result.returncode}): {' '.join(command)}\n{result.stderr.strip()}")
    return result


def ensure_vectors(jobmatch: Path, path: Path, rows: int, columns: int, seed: int) -> str:
    """Writes the vectors with `jobmatch vectors` unless a file of that shape is already there."""
    if path.exists():
        try:
            existing = np.load(path, mmap_mode="r")
            if existing.shape == (rows, columns) and existing.dtype == np.float32:
                return "reused"
        except (OSError, ValueError):
            pass
    run_command([str(jobmatch), "vectors", "--count", str(rows), "--dimension", str(columns),
                 "--seed", str(seed), "--out", str(path)], "jobmatch vectors")
    return "generated"


def jobmatch_kernel(jobmatch: Path) -> tuple[str, str]:
    """The OpenBLAS kernel `jobmatch diagnostics` reports, and how it was chosen."""
    output = run_command([str(jobmatch), "diagnostics"], "jobmatch diagnostics").stdout
    match = DIAGNOSTICS_KERNEL_LINE.search(output)
    if not match:
        raise Failure(f"no 'BLAS kernel:' line in jobmatch diagnostics:\n{output}")
    return match.group(1), match.group(2).strip()


def gnu_time_available() -> bool:
    if not os.access("/usr/bin/time", os.X_OK):
        return False
    probe = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", os.devnull, "true"], capture_output=True)
    return probe.returncode == 0


def run_jobmatch(jobmatch: Path, shape: Shape, queries: Path, items: Path, ids: Path, scores: Path,
                 use_gnu_time: bool, workdir: Path) -> tuple[float, int, str]:
    """Runs `jobmatch topk` once; returns search seconds, peak RSS bytes and the BLAS it reported."""
    command = [str(jobmatch), "topk", "--queries", str(queries), "--items", str(items), "-k", str(shape.k),
               "--out", str(ids), "--scores", str(scores)]
    if use_gnu_time:
        rss_file = workdir / "jobmatch-rss.txt"
        result = run_command(["/usr/bin/time", "-f", "%M", "-o", str(rss_file), *command], "jobmatch topk")
        peak_kib = int(rss_file.read_text().split()[-1])
    else:
        # The same getrusage figure GNU time prints, for this one child: wait4 returns its rusage.
        with tempfile.TemporaryFile("w+") as stderr:
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, text=True)
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            stderr.seek(0)
            result = subprocess.CompletedProcess(command, process.returncode, "", stderr.read())
        if result.returncode != 0:
            raise Failure(f"jobmatch topk failed (exit {result.returncode}):\n{result.stderr.strip()}")
        peak_kib = usage.ru_maxrss
    match = SEARCH_LINE.search(result.stderr)
    if not match:
        raise Failure(f"no 'search X s' line in jobmatch's summary:\n{result.stderr.strip()}")
    seconds, queries_per_second = float(match.group(1)), int(match.group(2))
    # The seconds are printed to 0.01 s; queries/s on the same line carries more digits for short runs.
    if queries_per_second > 0 and abs(shape.m / queries_per_second - seconds) <= 0.006:
        seconds = shape.m / queries_per_second
    blas = SUMMARY_BLAS_LINE.search(result.stderr)
    return seconds, peak_kib * 1024, blas.group(1).strip() if blas else "unknown"


def run_faiss(shape: Shape, queries: Path, items: Path, ids: Path, scores: Path, env: dict[str, str],
              threads: int) -> dict:
    """Runs one FAISS search in a child process of this script and returns its JSON report."""
    command = [sys.executable, str(Path(__file__).resolve()), "--faiss-worker", "--queries", str(queries),
               "--items", str(items), "-k", str(shape.k), "--threads", str(threads),
               "--ids-out", str(ids), "--scores-out", str(scores)]
    result = run_command(command, "FAISS worker", env=env)
    try:
        return json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError) as error:
        raise Failure(f"FAISS worker printed no report ({error}):\n{result.stdout}\n{result.stderr}") from error


@dataclass
class Agreement:
    rows: int
    identical: int
    explained: int
    worst_relative_gap: float  # among differing positions, the largest relative score gap
    max_score_difference: float  # |jobmatch score - FAISS score| over positions with the same item


def compare_ids(queries_path: Path, items_path: Path, jobmatch_ids: Path, faiss_ids: Path,
                jobmatch_scores: Path, faiss_scores: Path) -> Agreement:
    """Row-by-row agreement; differing positions are checked for near-ties in float64."""
    ids_j = np.load(jobmatch_ids)
    ids_f = np.load(faiss_ids)
    if ids_j.shape != ids_f.shape:
        raise Failure(f"id shapes differ: jobmatch {ids_j.shape}, FAISS {ids_f.shape}")
    same_position = ids_j == ids_f
    same_row = same_position.all(axis=1)
    scores_j = np.load(jobmatch_scores)
    scores_f = np.load(faiss_scores)
    common = same_position & (ids_j >= 0)
    max_score_difference = float(np.abs(scores_j[common] - scores_f[common]).max(initial=0.0))

    differing = np.flatnonzero(~same_row)
    explained = 0
    worst = 0.0
    if differing.size:
        queries = np.load(queries_path, mmap_mode="r")
        items = np.load(items_path, mmap_mode="r")
        rows, k = ids_j.shape
        d = queries.shape[1]
        chunk = max(1, (1 << 22) // max(1, k * d))  # bounds the float64 gathers to ~32 MiB each
        for start in range(0, differing.size, chunk):
            rows_here = differing[start:start + chunk]
            q = np.asarray(queries[rows_here], dtype=np.float64)
            exact_j = exact_scores(q, items, ids_j[rows_here])
            exact_f = exact_scores(q, items, ids_f[rows_here])
            scale = np.maximum(np.abs(exact_j), np.abs(exact_f))
            with np.errstate(invalid="ignore", divide="ignore"):
                gap = np.abs(exact_j - exact_f) / scale
            gap = np.where(ids_j[rows_here] == ids_f[rows_here], 0.0, gap)
            gap = np.where(np.isnan(gap), np.inf, gap)  # padding (-1) against an item, or both at 0
            explained += int((gap.max(axis=1) < NEAR_TIE_RELATIVE).sum())
            worst = max(worst, float(gap.max()))
    return Agreement(rows=ids_j.shape[0], identical=int(same_row.sum()), explained=explained,
                     worst_relative_gap=worst, max_score_difference=max_score_difference)


def exact_scores(q: np.ndarray, items: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Inner products in float64 of each query row with its listed items; -inf for padding (-1)."""
    valid = ids >= 0
    gathered = np.asarray(items[np.where(valid, ids, 0).ravel()], dtype=np.float64).reshape(*ids.shape, -1)
    return np.where(valid, np.einsum("rd,rkd->rk", q, gathered), -np.inf)


def mib(size: float) -> str:
    return f"{size / MIB:,.1f}"


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    for line in [headers, ["-" * width for width in widths], *rows]:
        print("  " + "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                               for i, (cell, w) in enumerate(zip(line, widths))))


def compare(args: argparse.Namespace) -> int:
    shape: Shape = args.shape_sizes
    jobmatch: Path = args.jobmatch.absolute()
    if importlib.util.find_spec("faiss") is None:
        raise Failure("faiss is not installed: pip install faiss-cpu")
    if not os.access(jobmatch, os.X_OK):
        raise Failure(f"no jobmatch binary at {jobmatch}: run `swift build -c release` or pass --jobmatch PATH")

    workdir: Path = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    cores = core_count()
    kernel, kernel_how = jobmatch_kernel(jobmatch)
    faiss_env = dict(os.environ)
    if os.environ.get("OPENBLAS_CORETYPE"):
        coretype_note = f"OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']} (set by you, for both engines)"
    else:
        faiss_env["OPENBLAS_CORETYPE"] = kernel
        coretype_note = f"OPENBLAS_CORETYPE={kernel} (the kernel jobmatch diagnostics reports)"

    queries = workdir / f"queries-{shape.m}x{shape.d}-seed{QUERY_SEED}.npy"
    items = workdir / f"items-{shape.n}x{shape.d}-seed{ITEM_SEED}.npy"
    tag = f"{shape.m}x{shape.n}x{shape.d}-k{shape.k}"
    outputs = {name: workdir / f"{tag}-{name}.npy"
               for name in ("jobmatch-ids", "jobmatch-scores", "faiss-ids", "faiss-scores")}

    print(f"jobmatch vs FAISS IndexFlatIP: {shape}, {args.repeat} run(s) each, {cores} cores")
    print(f"  jobmatch:  {jobmatch}")
    print(f"  jobmatch BLAS kernel (diagnostics): {kernel} {kernel_how}")
    print(f"  FAISS child process: {coretype_note}")
    started = time.perf_counter()
    how_q = ensure_vectors(jobmatch, queries, shape.m, shape.d, QUERY_SEED)
    how_x = ensure_vectors(jobmatch, items, shape.n, shape.d, ITEM_SEED)
    print(f"  data: {queries} ({how_q}), {items} ({how_x}) in {time.perf_counter() - started:.1f} s")

    use_gnu_time = gnu_time_available()
    jm, fs = EngineRuns(), EngineRuns()
    jobmatch_blas, faiss_report = "unknown", {}
    for run in range(1, args.repeat + 1):  # alternate the engines so drifting load hits both alike
        seconds, rss, jobmatch_blas = run_jobmatch(
            jobmatch, shape, queries, items, outputs["jobmatch-ids"], outputs["jobmatch-scores"],
            use_gnu_time, workdir)
        jm.seconds.append(seconds)
        jm.peak_rss_bytes = max(jm.peak_rss_bytes, rss)
        # FAISS's ties come out in no fixed order: keep the first run's results for the comparison.
        ids_out = outputs["faiss-ids"] if run == 1 else workdir / f"{tag}-faiss-ids-last.npy"
        scores_out = outputs["faiss-scores"] if run == 1 else workdir / f"{tag}-faiss-scores-last.npy"
        report = run_faiss(shape, queries, items, ids_out, scores_out, faiss_env, cores)
        faiss_report = faiss_report or report
        fs.seconds.append(report["seconds"])
        fs.peak_rss_bytes = max(fs.peak_rss_bytes, report["peak_rss_kib"] * 1024)
        print(f"  run {run}/{args.repeat}: jobmatch {seconds:.3f} s, FAISS {report['seconds']:.3f} s")

    print()
    print("Search time only: reading the .npy files, FAISS's index.add and writing results are excluded;")
    print("jobmatch's from its 'search X s' summary line, FAISS's the wall time of index.search(Q, k).")
    jobmatch_rate = shape.m / jm.median
    faiss_rate = shape.m / fs.median
    rows = []
    for name, runs, rate in (("jobmatch", jm, jobmatch_rate), ("FAISS IndexFlatIP", fs, faiss_rate)):
        rows.append([name, f"{runs.median:.3f}", f"{rate:,.0f}", f"{shape.flops / runs.median / 1e9:.1f}",
                     f"{rate / faiss_rate:.2f}", mib(runs.peak_rss_bytes)])
    print_table(["engine", "median s", "queries/s", "GFLOP/s", "x FAISS", "peak RSS MiB"], rows)
    print(f"  jobmatch / FAISS throughput: {jobmatch_rate / faiss_rate:.2f}"
          f"  (runs: jobmatch {', '.join(f'{s:.3f}' for s in jm.seconds)};"
          f" FAISS {', '.join(f'{s:.3f}' for s in fs.seconds)})")

    input_bytes = 4 * (shape.m + shape.n) * shape.d
    output_bytes = shape.m * shape.k * (8 + 4)
    budget = input_bytes + output_bytes + RSS_SLACK_BYTES
    verdict = "within budget" if jm.peak_rss_bytes <= budget else "OVER budget"
    how_rss = "/usr/bin/time -f %M" if use_gnu_time else "wait4 rusage"
    print(f"  jobmatch peak RSS {mib(jm.peak_rss_bytes)} MiB ({how_rss}) vs budget {mib(budget)} MiB"
          f" = inputs {mib(input_bytes)} + outputs {mib(output_bytes)} + 64: {verdict}")
    print(f"  FAISS peak RSS {mib(fs.peak_rss_bytes)} MiB is the child's ru_maxrss, of which"
          f" {mib(faiss_report['baseline_rss_kib'] * 1024)} MiB is Python, numpy and faiss before any data")

    print()
    print(f"BLAS: jobmatch  {jobmatch_blas}")
    blas = faiss_report["blas"]
    faiss_kernels = [entry["kernel"] for entry in blas]
    if blas:
        for entry in blas:
            print(f"      FAISS     {Path(entry['path']).name}, kernel {entry['kernel']} ({entry['config']})")
    else:
        print("      FAISS     no OpenBLAS found in the child (FAISS may be built on another BLAS)")
    print(f"      FAISS {faiss_report['faiss_version']}: omp_get_max_threads() {faiss_report['threads_before']}"
          f" at start, set to {faiss_report['threads_after']} (cores: {cores})")
    wanted = faiss_env.get("OPENBLAS_CORETYPE", "")
    if blas and any(k.lower() != wanted.lower() for k in faiss_kernels):
        print(f"      warning: FAISS's OpenBLAS runs {', '.join(faiss_kernels)}, not {wanted}:"
              " its version may not know that kernel, so the timings are not like for like")

    agreement = compare_ids(queries, items, outputs["jobmatch-ids"], outputs["faiss-ids"],
                            outputs["jobmatch-scores"], outputs["faiss-scores"])
    differing = agreement.rows - agreement.identical
    print()
    print(f"Agreement: identical rows {100 * agreement.identical / agreement.rows:.2f}%"
          f" ({agreement.identical:,} of {agreement.rows:,}), differing rows explained by near-ties"
          f" {agreement.explained:,} of {differing:,}")
    print(f"  near-tie: relative float64 score gap < {NEAR_TIE_RELATIVE:g} at every differing position"
          f" (largest gap seen {agreement.worst_relative_gap:.2e}); |score difference| on same items"
          f" at most {agreement.max_score_difference:.2e}")
    if agreement.explained < differing:
        print(f"FAIL: {differing - agreement.explained:,} rows differ beyond near-ties", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--faiss-worker"]:
        return faiss_worker(argv[1:])
    args = parse_arguments(argv)
    try:
        return compare(args)
    except Failure as failure:
        print(f"compare.py: {failure}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
