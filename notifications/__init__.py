"""E-mails sent by Celery: the security e-mail after each connection, support acknowledgements."""
