"""Admin pages for support staff; day-to-day work goes through the partnership pages and their services."""

from django.contrib import admin
from django.http import HttpRequest

from lindung.partnership.models import Event, EvidencePack, Mou, MouScopeItem, Pks, PksTransition


class MouScopeItemInline(admin.TabularInline):  # type: ignore[type-arg]
    model = MouScopeItem
    extra = 0


@admin.register(Mou)
class MouAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["number", "region", "signed_on", "valid_to"]
    inlines = [MouScopeItemInline]


class PksTransitionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PksTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "at", "by", "by_label", "note"]

    def has_add_permission(self, request: HttpRequest, obj: Pks | None = None) -> bool:
        return False  # steps are taken through pks_transition, which checks their order


@admin.register(Pks)
class PksAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["agency", "number", "status", "valid_from", "valid_to"]
    list_filter = ["status"]
    readonly_fields = ["status", "status_changed_at"]
    inlines = [PksTransitionInline]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "title", "held_on", "attendance", "cost"]
    search_fields = ["code", "title"]


admin.site.register(EvidencePack)
