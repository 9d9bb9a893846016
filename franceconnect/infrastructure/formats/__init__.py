"""The portal's own date formats, where Django's for a language do not suit a public service
(settings.FORMAT_MODULE_PATH; Django's formats apply to everything not set here)."""
