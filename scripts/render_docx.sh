#!/usr/bin/env bash
# Render DOCX files to PNG pages: LibreOffice (headless) to PDF, then pdftoppm.
#
#   scripts/render_docx.sh OUT_DIR FILE.docx [FILE.docx ...]
#
# Writes OUT_DIR/<name>.pdf and OUT_DIR/<name>-<page>.png (60 dpi, or $RENDER_DPI).
# Installs nothing. On Debian/Ubuntu the tools come from:
#   apt-get install libreoffice-writer poppler-utils fonts-noto-core fonts-noto-cjk
# Exit codes: 0 done, 1 a conversion failed, 2 bad usage, 3 a tool is missing.
set -euo pipefail

usage() {
    echo "usage: $0 OUT_DIR FILE.docx [FILE.docx ...]" >&2
    exit 2
}

[ "$#" -ge 2 ] || usage
out_dir=$1
shift
dpi=${RENDER_DPI:-60}

office=""
for candidate in libreoffice soffice; do
    if command -v "$candidate" >/dev/null 2>&1; then
        office=$candidate
        break
    fi
done
missing=()
[ -n "$office" ] || missing+=("libreoffice (Debian package libreoffice-writer)")
command -v pdftoppm >/dev/null 2>&1 || missing+=("pdftoppm (Debian package poppler-utils)")
if [ "${#missing[@]}" -gt 0 ]; then
    for tool in "${missing[@]}"; do
        echo "render_docx.sh: missing $tool" >&2
    done
    echo "render_docx.sh: install with: apt-get install -y libreoffice-writer poppler-utils fonts-noto-core fonts-noto-cjk" >&2
    exit 3
fi

mkdir -p "$out_dir"
# A private LibreOffice profile: no clash with a running instance, no user settings.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

status=0
for docx in "$@"; do
    if [ ! -f "$docx" ]; then
        echo "render_docx.sh: $docx: not a file" >&2
        status=1
        continue
    fi
    name=$(basename "${docx%.*}")
    if ! timeout 180 "$office" -env:UserInstallation="file://$profile" --headless \
        --convert-to pdf --outdir "$out_dir" "$docx" >/dev/null 2>&1 \
        || [ ! -s "$out_dir/$name.pdf" ]; then
        echo "render_docx.sh: $docx: LibreOffice could not convert it" >&2
        status=1
        continue
    fi
    rm -f "$out_dir/$name"-*.png
    pdftoppm -png -r "$dpi" "$out_dir/$name.pdf" "$out_dir/$name"
    echo "$docx -> $(ls "$out_dir/$name"-*.png | tr '\n' ' ')"
done
exit "$status"
