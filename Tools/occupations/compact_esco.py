#!/usr/bin/env python3
"""Derives Sources/MatchCore/Resources/occupations/esco_occupations.csv from the ESCO v1.1.1
occupations file (the project's shared data folder; see that folder's SOURCE.md).

Keeps, for each of the 3,007 occupations and in the original order: occupation_id, esco_code,
isco_code, preferred_label, alt_labels and hidden_labels (`|`-separated, as in the source).
Drops the description and status. Labels are stripped of surrounding whitespace and runs of
spaces are collapsed; nothing else changes.

    python3 Tools/occupations/compact_esco.py ../shared/data/esco-v1.1.1/occupations.csv \
        Sources/MatchCore/Resources/occupations/esco_occupations.csv
"""
import csv
import re
import sys


def clean(label):
    return re.sub(r"\s+", " ", label).strip()


def labels(field):
    return "|".join(clean(x) for x in field.split("|") if clean(x))


def main(source, destination):
    with open(source, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(destination, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["occupation_id", "esco_code", "isco_code", "preferred_label", "alt_labels", "hidden_labels"])
        for r in rows:
            out.writerow([r["occupation_id"], r["esco_code"], r["isco_code"], clean(r["preferred_label"]),
                          labels(r["alt_labels"]), labels(r["hidden_labels"])])
    print(f"{len(rows)} occupations written to {destination}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
