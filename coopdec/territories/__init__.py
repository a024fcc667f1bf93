"""Countries and authorities, French and foreign, with the reference-data loaders."""
