#!/usr/bin/env bash
# Look at a Word export as a reader would: export a project to .docx, convert it to PDF with
# LibreOffice (headless) and render pages to PNG, to open in an image viewer.
#
#   scripts/check_docx.sh [PROJECT.toml] [OUT_DIR] [PART]
#       default: projects/worked-example.toml, benchmarks/out/docx, all
#
# Needs soffice and pdftoppm (Debian/Ubuntu: apt-get install libreoffice-writer-nogui poppler-utils)
# and the docx extra (pip install 'tui-outcomes[docx]').
set -euo pipefail
cd "$(dirname "$0")/.."
project=${1:-projects/worked-example.toml}
out=$(realpath -m "${2:-benchmarks/out/docx}")
part=${3:-all}
py=${PYTHON:-.venv/bin/python}
for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null || { echo "check_docx: $tool not found (apt-get install libreoffice-writer-nogui poppler-utils)" >&2; exit 2; }
done
mkdir -p "$out"
name=$(basename "$project" .toml)-$part
"$py" -m tui_outcomes export "$project" --format docx --part "$part" -o "$out/$name.docx"
# A profile of its own, so a LibreOffice already open elsewhere is not disturbed.
soffice -env:UserInstallation="file://$out/lo-profile" --headless --convert-to pdf --outdir "$out" "$out/$name.docx" >/dev/null
pdftoppm -png -r 60 "$out/$name.pdf" "$out/$name-page"
pages=$(ls "$out/$name"-page-*.png | wc -l)
echo "$out/$name.docx → $out/$name.pdf, $pages pages: $out/$name-page-*.png"
