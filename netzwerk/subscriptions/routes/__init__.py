"""Views by audience: `public` (the form and the personal link), `admin` (the network's subscribers)."""
