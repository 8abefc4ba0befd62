"""Publication-ready output from a results dictionary (results.json): APA tables, figures and text."""
