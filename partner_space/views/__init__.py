"""The space's pages: accounts (sign-up, login, reset, second factor), organisations, sites."""
