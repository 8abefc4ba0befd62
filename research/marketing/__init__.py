"""Driver analysis for marketers: relative importance, importance–performance maps,
segment comparison and the weighted satisfaction index (DOMAIN.md §6)."""
