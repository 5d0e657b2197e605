#!/usr/bin/env bash
# Build the packaged app with PyInstaller into dist/annotator/ (one folder, the default) or, with
# --onefile, a single dist/annotator executable. Run from any folder with the Python environment in which
# annotator is installed (PYTHON=... to choose it). Prints the bundle size and build time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
python=${PYTHON:-python3}
if [[ ${1:-} == --onefile ]]; then export ANNOTATOR_ONEFILE=1; fi

"$python" -m pip install -q 'pyinstaller>=6.10,<7' 'pyinstaller-hooks-contrib>=2024.8'
started=$(date +%s)
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$root/dist" --workpath "$root/build/pyinstaller" packaging/annotator.spec

# Debug symbols of compiled extensions are a third of the bundle. Strip them after the build, not with
# PyInstaller's --strip, which breaks numpy's bundled OpenBLAS (see ../shared/PACKAGING-NOTES.md).
if command -v strip >/dev/null && [[ -z ${ANNOTATOR_ONEFILE:-} ]]; then
  find dist/annotator -name '*.cpython-*.so' -not -path '*.libs/*' -exec strip --strip-debug {} +
fi
echo "built in $(( $(date +%s) - started )) s: $(du -sh dist/annotator | cut -f1) in dist/annotator"
