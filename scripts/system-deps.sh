#!/usr/bin/env bash
# Install the system packages the tests use, when missing: Tesseract with the
# Vietnamese model (OCR), poppler-utils (pdftoppm), PostgreSQL (store tests),
# Graphviz (graph pictures). Needs root and apt-get; otherwise it says what is
# missing and the tests that need it skip.
set -u
need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; } || need+=(tesseract-ocr-vie)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || echo "system-deps: apt-get failed; tests needing ${need[*]} will skip" >&2
else
  echo "system-deps: missing ${need[*]} (run as root with apt-get, or install them); tests that need them skip" >&2
fi
exit 0
