"""The ground floor: errors, config, files, state, workers, hardened XML, pandoc."""
