"""The error summary at the top of a refused form (DSFR and RGAA practice): each error, in the
order of the fields, linked to its field, so that a person who cannot see the whole page at
once (a screen reader, a phone) learns what to correct and reaches it in one step."""

# Fields whose error is listed without a link: they are not shown (a honeypot).
HIDDEN_FIELDS = ("website",)


class ErrorSummaryMixin:
    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) for each error; the form's own errors first, unlinked."""
        summary = [("", "", message) for message in self.non_field_errors()]
        for name, field in self.fields.items():
            for message in self.errors.get(name, ()):
                if name in HIDDEN_FIELDS:
                    summary.append(("", "", message))
                else:
                    summary.append((self[name].id_for_label, str(field.label), message))
        return summary
