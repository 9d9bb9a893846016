"""The benchmark's light password hashing for the demo identity provider (never the portal's).

The demo provider keeps Django's default (PBKDF2, 1,000,000 iterations) for its citizens'
passwords and for the portal's client secret: about 380 ms of CPU each on the benchmark
machine, so some 900 ms per login. The benchmark stands the demo provider in for a remote
identity provider whose cost is not the portal's; sharing the two cores with the portal, that
cost would throttle every measured login. With DEMO_IDP_LIGHT_HASHING=1 (set by bench/stack.py)
the provider hashes with the same algorithm at 1,000 iterations; its CPU is still reported.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class LightPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1_000
