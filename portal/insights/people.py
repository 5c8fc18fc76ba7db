"""Who insights count: one rule for the core and every app's pages and measures.

Anyone can sign up, so an account nobody confirmed would let its maker move a figure
across the "fewer than 5" line and read the hidden count from the difference. Only
active, not erased people whose primary email address is verified are counted.
"""

from django.db.models import Q

from portal.insights.scope import Scope


def verified_active(person: str = "") -> Q:
    """Q for counted people; `person` leads from the model to a Person ("" for Person)."""
    prefix = f"{person}__" if person else ""
    return Q(
        **{
            f"{prefix}is_active": True,
            f"{prefix}erased_at__isnull": True,
            f"{prefix}emailaddress__primary": True,
            f"{prefix}emailaddress__verified": True,
        }
    )


def counted(scope: Scope, person: str = "person") -> Q:
    """The people insights count: verified, active, not erased, in the scope's ICBs."""
    prefix = f"{person}__" if person else ""
    return verified_active(person) & scope.q(f"{prefix}organisation__icb")
