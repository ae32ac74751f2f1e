from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "lindung.coverage"
    label = "coverage"
    verbose_name = _("Cakupan")

    def ready(self) -> None:
        from lindung.coverage import scopes  # noqa: F401  (registers the scope rules)
