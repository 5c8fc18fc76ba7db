"""Fixtures shared by the personal-data tests."""

from tests.personal_data.everywhere import zephyrine  # noqa: F401  (the erasure's member)
