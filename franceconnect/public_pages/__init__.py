"""The pages a French public service publishes, linked from every page's footer: the
accessibility statement, the legal notice, the personal-data page and the site map."""
