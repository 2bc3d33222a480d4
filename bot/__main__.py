"""`python -m bot` and the `careerbot` script: the same command.

Nothing but `sys` is imported before `main` runs, and `main` loads the command
line inside its own guard: a Ctrl-C that lands while Python loads careerbot's
modules exits 130 quietly, instead of printing a traceback from an import.
"""

import sys


def main() -> int:
    try:
        from bot.cli import main as run
    except KeyboardInterrupt:
        return 130  # ExitCode.INTERRUPTED: loading bot.errors is what was interrupted
    return run()


if __name__ == "__main__":
    sys.exit(main())
