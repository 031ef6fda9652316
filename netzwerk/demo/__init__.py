"""Realistic demo data for the programme "Ankommen in Deutschland" (all people invented)."""
