"""Insights: reports for training-hub staff, aggregated in the database, small numbers
suppressed. Feature apps contribute pages and participation measures through
`portal.insights.registry`; portal imports none of them. See README.md in this folder.
"""
