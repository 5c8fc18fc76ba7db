"""A person's own data: take it away as a ZIP, or have it erased. See README.md."""
