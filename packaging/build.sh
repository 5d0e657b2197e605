#!/usr/bin/env bash
# Build the packaged app with PyInstaller into dist/annotator/ (one folder, the default) or, with
# --onefile, a single dist/onefile/annotator executable. Run from any folder with the Python environment in which
# annotator and its `packaging` extra are installed (PYTHON=... to choose it; default: the checkout's
# .venv, else python3). Prints the build time and the bundle size; exits non-zero if the build fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [[ -n ${PYTHON:-} ]]; then python=$PYTHON
elif [[ -x .venv/bin/python ]]; then python=.venv/bin/python
else python=python3; fi
case ${1:-} in
  "") unset ANNOTATOR_ONEFILE; distpath=dist; target=dist/annotator ;;
  --onefile) export ANNOTATOR_ONEFILE=1; distpath=dist/onefile; target=dist/onefile/annotator ;;
  *) echo "usage: packaging/build.sh [--onefile]" >&2; exit 2 ;;
esac
if ! "$python" -c "import PyInstaller, annotator" 2>/dev/null; then
  echo "build.sh: $python lacks PyInstaller or annotator; install them with" >&2
  echo "  $python -m pip install -e '.[packaging]'" >&2
  exit 1
fi

started=$(date +%s)
# spaCy's and thinc's hooks list their test modules, which the spec leaves out: drop those warnings.
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$root/$distpath" --workpath "$root/build/pyinstaller" packaging/annotator.spec 2>&1 \
  | sed -u '/Hidden import ".*\.tests[."]/d'

# Debug symbols of compiled extensions are a third of the bundle. Strip them after the build, not with
# PyInstaller's --strip, which breaks numpy's bundled OpenBLAS (see ../shared/PACKAGING-NOTES.md).
if [[ -z ${ANNOTATOR_ONEFILE:-} ]] && command -v strip >/dev/null; then
  find "$target" -name '*.cpython-*.so' -not -path '*.libs/*' -exec strip --strip-debug {} +
fi
echo "built in $(( $(date +%s) - started )) s: $(du -sh "$target" | cut -f1) in $target"
