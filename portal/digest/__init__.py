"""The personal digest: one email per period gathering what matters to each person.

Feature apps contribute sections through `portal.digest.registry`; portal imports none
of them. See README.md in this folder.
"""
