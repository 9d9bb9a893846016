# « 24 August 1962 », as British and European public services write a date in full, rather than
# Django's American « Aug. 24, 1962 »: the portal's English readers live in Europe.
DATE_FORMAT = "j F Y"
