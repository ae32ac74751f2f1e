from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    name = "lindung.partnership"
    label = "partnership"
    verbose_name = _("Kemitraan")

    def ready(self) -> None:
        from lindung.partnership import scopes  # noqa: F401  (registers the scope rules)
