from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Banner(models.Model):
    """An information banner (« bandeau d'information »): shown at the top of every page of the
    portal while it is published, in the reader's language (French when no translation is given)."""

    class Level(models.TextChoices):
        INFO = "info", _("information")
        WARNING = "warning", _("warning")

    message_fr = models.CharField(_("message in French"), max_length=400)
    message_en = models.CharField(_("message in English"), max_length=400, blank=True)
    message_ru = models.CharField(_("message in Russian"), max_length=400, blank=True)
    level = models.CharField(_("kind"), max_length=8, choices=Level.choices, default=Level.INFO)
    starts_at = models.DateTimeField(_("shown from"))
    ends_at = models.DateTimeField(_("shown until"))
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("information banner")
        verbose_name_plural = _("information banners")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.message_fr[:60]

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must come after the start.")})

    def message_in(self, language: str) -> str:
        return getattr(self, f"message_{language}", "") or self.message_fr
