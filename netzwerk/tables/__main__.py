"""python -m netzwerk.tables solve IN.json [--seconds S] [--seed N]"""
import sys

from .cli import main

sys.exit(main())
