"""Entry script PyInstaller freezes: the same command line as the pip-installed ``annotator``."""

import multiprocessing
import sys

if __name__ == "__main__":
    # The pipeline service is a "spawn" child: the frozen executable runs again with
    # --multiprocessing-fork, and freeze_support turns that run into the child.
    multiprocessing.freeze_support()
    from annotator.cli import main

    sys.exit(main())
