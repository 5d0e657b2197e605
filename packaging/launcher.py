"""Entry script PyInstaller freezes: the same command line as the pip-installed ``annotator``."""

import sys

from annotator.cli import main

if __name__ == "__main__":
    sys.exit(main())
