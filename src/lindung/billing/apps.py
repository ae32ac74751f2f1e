from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "lindung.billing"
    label = "billing"
    verbose_name = _("Tagihan iuran")

    def ready(self) -> None:
        from lindung.billing import scopes  # noqa: F401  (registers the scope rules)
