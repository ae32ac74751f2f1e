from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lindung.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from lindung.core import audit, models, scopes  # noqa: F401  (scopes registers the scope rules)

        for model in (models.Agency, models.Branch, models.UserProfile, models.MinimumWage, get_user_model()):
            audit.audited(model)
