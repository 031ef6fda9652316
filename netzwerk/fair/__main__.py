"""`python -m netzwerk.fair schedule IN.json`."""
from .cli import main

raise SystemExit(main())
