"""Whose figures a page shows: a hub's ICBs, one ICB, a region, or all England."""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    label: str  # "Cheshire and Merseyside", "North West", "England"
    icb_ids: frozenset[int] | None  # None = all England
    slug: str = "england"  # names CSV downloads: "insights-north-west-2026-11-22.csv"

    def q(self, path: str = "organisation__icb") -> Q:
        """Q limiting a queryset to the scope; `path` leads from the model to an ICB,
        e.g. Person: "organisation__icb"; Application: "person__organisation__icb"."""
        return Q() if self.icb_ids is None else Q(**{f"{path}__in": self.icb_ids})

    @property
    def cache_key(self) -> str:
        if self.icb_ids is None:
            return "england"
        return "-".join(str(pk) for pk in sorted(self.icb_ids))

    @property
    def is_england(self) -> bool:
        return self.icb_ids is None


ENGLAND = Scope(label="England", icb_ids=None, slug="england")
