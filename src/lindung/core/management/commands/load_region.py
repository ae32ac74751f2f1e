from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindung.core.services import region_profile_load
from lindung.regions.profile import available_profiles, load_profile
from lindung.regions.schema import ProfileError


class Command(BaseCommand):
    help = "Load (or refresh) a region profile: kecamatan, kelurahan, agencies, UMK, BPJS branches, workforce."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("profile", help="profile slug or Kemendagri code, e.g. kota-medan or 12.71")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            profile = load_profile(options["profile"])
        except (ProfileError, KeyError, LookupError) as exc:
            choices = ", ".join(available_profiles())
            raise CommandError(f"{exc} — available profiles: {choices}") from exc
        result = region_profile_load(profile=profile)
        from lindung.core.workforce import workforce_load_estimates

        figures = workforce_load_estimates(region=result.region)
        self.stdout.write(
            f"{profile.name}: {result.districts} kecamatan, {result.villages} kelurahan, "
            f"{result.agencies} perangkat daerah, {figures} workforce figures"
        )
