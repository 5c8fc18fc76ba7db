"""This app's figures on the insights pages (portal.insights)."""
