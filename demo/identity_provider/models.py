from django.contrib.auth.models import AbstractUser
from django.db import models


class Citizen(AbstractUser):
    """An account at the demo identity provider, with the person's pivot identity."""

    given_name = models.CharField(max_length=200)
    family_name = models.CharField(max_length=200)
    birthdate = models.DateField(null=True)
    gender = models.CharField(max_length=6)
    birthplace = models.CharField(max_length=5, blank=True)
    birthcountry = models.CharField(max_length=5)
    # The « nom d'usage » (a married name, or both parents' names): sent as preferred_username,
    # which FranceConnect defines so; most people have none.
    usage_name = models.CharField(max_length=200, blank=True)
