"""Information banners that operators publish on every page, between two dates, in fr/en/ru."""
