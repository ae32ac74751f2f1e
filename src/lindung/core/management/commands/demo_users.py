from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError

from lindung.config.env import local_secret
from lindung.core.audit import audit_context
from lindung.core.models import Agency, Branch, Region
from lindung.core.roles import Role
from lindung.core.services import user_create_with_role
from lindung.registry.models import Membership


class Command(BaseCommand):
    help = "Create (or reset) one demo login per role and print them. Demo installations only."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("demo_users refuses to run with LINDUNG_ENV=production.")
        region = Region.objects.filter(code=settings.LINDUNG_REGION).first()
        if region is None:
            raise CommandError("Load the region first: `lindung load_region kota-medan`.")
        password = local_secret(settings.VAR_DIR, "DEMO_PASSWORD", 9)
        agency = Agency.objects.filter(region=region, name__icontains="Perhubungan").first()
        branch = Branch.objects.filter(regions=region).first()
        manpower = Agency.objects.filter(region=region, is_manpower_office=True).first()
        finance = Agency.objects.filter(region=region, is_finance_office=True).first()
        membership = (
            Membership.objects.filter(worker__region=region, valid_to__isnull=True, employer__kind="private")
            .select_related("employer", "worker")
            .order_by("pk")
            .first()
        )
        logins: list[tuple[str, Role, dict[str, Any]]] = [
            ("koordinator", Role.COORDINATOR, {"region": region}),
            ("dishub", Role.AGENCY_OFFICER, {"region": region, "agency": agency}),
            ("disnaker", Role.AGENCY_OFFICER, {"region": region, "agency": manpower}),
            ("bpkad", Role.AGENCY_OFFICER, {"region": region, "agency": finance}),
            ("bpjs", Role.BRANCH_OFFICER, {"branch": branch}),
            ("pemberi-kerja", Role.EMPLOYER, {"region": region, "employer": membership and membership.employer}),
            ("pekerja", Role.WORKER, {"region": region, "worker": membership and membership.worker}),
            ("auditor", Role.AUDITOR, {"region": region}),
            ("admin", Role.ADMIN, {}),
        ]
        self.stdout.write("\nLogin demo (kata sandi sama untuk semua / same password for all): " + password)
        encoded = make_password(password)
        with audit_context(label="demo-users"):
            for username, role, scope in logins:
                user = user_create_with_role(username=username, password=None, role=role, **scope)
                user.password = encoded  # the same password for every login: hashed once, not once per login
                user.save(update_fields=["password"])
                if role == Role.AGENCY_OFFICER and scope.get("agency") is not None:
                    _name_liaison(scope["agency"], user)
                where = ", ".join(str(v) for v in scope.values() if v is not None)
                self.stdout.write(f"  {role.label:<32} {username:<15} {where}")


def _name_liaison(agency: Any, user: Any) -> None:
    """The demo's agency officers are their agencies' liaison officers (the coordinator can change that)."""
    from lindung.partnership.models import LiaisonOfficer
    from lindung.partnership.services.agencies import agency_set_liaison_officers

    current = [link.user for link in LiaisonOfficer.objects.filter(agency=agency).select_related("user")]
    agency_set_liaison_officers(agency=agency, users=[*current, user])
