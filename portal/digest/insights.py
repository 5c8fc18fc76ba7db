"""Digest reach on the insights pages (portal.insights)."""
