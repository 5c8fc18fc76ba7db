"""What this app holds about a person, for their data export (portal.personal_data)."""
