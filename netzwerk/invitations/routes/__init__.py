"""Views by audience: `admin` (the coordinator's "Einladungen" of an event), `public` (the invited person's link)."""
