"""The content pack read from `content/*.yaml`: its pydantic schema, the loader, bank search and the Star crosswalk."""
