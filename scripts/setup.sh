#!/usr/bin/env bash
# Installs what jobmatch needs on Debian or Ubuntu when it is missing: the system packages
# (OpenBLAS, SQLite, ICU) and checks for the Swift toolchain. Safe to run again: it installs only
# what is absent. Needs root or sudo for apt-get.
set -euo pipefail

packages=(libopenblas-dev libsqlite3-dev libicu-dev pkg-config)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
        echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null; then
    for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
        [ -x "$candidate/swift" ] && { echo "setup: swift is in $candidate; add it to PATH" >&2; break; }
    done
    echo "setup: the Swift toolchain (6.1 or later) is needed: https://www.swift.org/install/linux/" >&2
    exit 1
fi
