"""Small tools every app shares. Nothing here imports a feature app."""
