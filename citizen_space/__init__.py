"""« Mon espace »: a citizen's own space — where their identity was used, which of their accounts
may be used, and « ce n'était pas moi »."""
