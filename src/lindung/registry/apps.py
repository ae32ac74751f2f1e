from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "lindung.registry"
    label = "registry"
    verbose_name = _("Registrasi")

    def ready(self) -> None:
        from lindung.registry import scopes  # noqa: F401
