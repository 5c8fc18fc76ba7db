"""What happens to this app's rows when a person has their data erased (portal.personal_data)."""
