from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class WebConfig(AppConfig):
    name = "lindung.web"
    label = "web"


class StaticFilesConfig(BaseStaticFilesConfig):
    """``django.contrib.staticfiles``, never collecting plotly's Jupyter widget bundle (4.8 MB that no page
    loads, and a minute of brotli in every ``collectstatic``)."""

    ignore_patterns = [*BaseStaticFilesConfig.ignore_patterns, "widgetbundle.js"]
