from django.urls import path

from lindung.api.main import api

urlpatterns = [path("v1/", api.urls)]
