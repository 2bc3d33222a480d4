"""`python -m bot` is the same command as `careerbot`."""

from bot.cli import main

raise SystemExit(main())
