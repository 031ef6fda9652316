"""Pieces every feature uses: column types, access checks, pagination, templates helpers."""
