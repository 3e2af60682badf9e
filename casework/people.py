"""Writes of the people of a unit: enforcement officers (chấp hành viên) and accounts, created and
moved by their administrator. Each function is one transaction with its change history.

An officer moves between units without their open cases being left behind at a unit they no
longer work in: those are given to another officer first (or move with them in a restructure).
What they completed stays in the figures of the unit where they completed it, since the figures
are kept by the unit holding each case at the time.
"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.recorder import followed, values_of
from cases.models import Agency, Case, Officer, User
from thads.formatting import integer
from thads.today import local_today

from .agencies import clean_code


def _operating(agency, *, officers=False) -> dict:
    """Why people cannot be put at `agency` today (officers enforce at provincial or local ones)."""
    if officers and agency.level == Agency.Level.CENTRAL:
        return {"agency": _("Enforcement officers work at provincial or local agencies.")}
    if not agency.is_valid_on(local_today()):
        return {"agency": _("%(agency)s is not operating today.") % {"agency": agency.name}}
    return {}


def _stray_cases(officer, to_agency) -> int:
    """The officer's open cases held outside `to_agency`'s subtree."""
    return (Case.objects.filter(officer=officer).open().exclude(agency__path__startswith=to_agency.path).count())


def _full_clean(instance, exclude=()):
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise ValidationError({field: " ".join(messages) for field, messages in error.message_dict.items()}) from None


@transaction.atomic
def officer_create(*, agency, code, full_name, rank=Officer.Rank.INTERMEDIATE) -> Officer:
    officer = Officer(agency=agency, code=clean_code(code), full_name=(full_name or "").strip(), rank=rank)
    errors = _operating(agency, officers=True)
    if Officer.objects.filter(code=officer.code).exists():
        errors["code"] = _("The code %(code)s is already used by another officer.") % {"code": officer.code}
    if errors:
        raise ValidationError(errors)
    _full_clean(officer, exclude=["user"])
    officer.save()
    followed(created=[officer])
    return officer


@transaction.atomic
def officer_move(*, officer, to_agency, with_cases=False) -> Officer:
    """The officer now works at `to_agency`. Refused while they hold open cases elsewhere, unless
    a restructure moves those cases too (`with_cases`)."""
    # FOR NO KEY UPDATE: an import naming the officer (its foreign keys, checked as it writes,
    # lock the rows it names against key changes only) does not hold this up to its end.
    locked = Officer.objects.select_for_update(no_key=True).get(pk=officer.pk)
    if locked.agency_id == to_agency.pk:
        return locked
    errors = _operating(to_agency, officers=True)
    if not errors and not with_cases and (stray := _stray_cases(locked, to_agency)):
        errors["agency"] = _("%(name)s still holds %(count)s open cases at %(agency)s: give them to another officer "
                             "first.") % {"name": locked.full_name, "count": integer(stray),
                                          "agency": locked.agency.name}
    if errors:
        raise ValidationError(errors)
    return _placed(locked, to_agency)


def _placed(person, agency):
    """An officer or account now at `agency`, with the move in their history."""
    recorded_before = values_of(person)
    person.agency = agency
    person.save(update_fields=["agency"])
    followed(updated=[(person, recorded_before)])
    return person


@transaction.atomic
def officer_change(*, officer, full_name, rank, is_active) -> Officer:
    locked = Officer.objects.select_for_update(no_key=True).get(pk=officer.pk)  # as in officer_move
    recorded_before = values_of(locked)
    if locked.is_active and not is_active and (held := Case.objects.filter(officer=locked).open().count()):
        raise ValidationError({"is_active": _("%(name)s still holds %(count)s open cases: give them to another "
                                              "officer first.") % {"name": locked.full_name, "count": integer(held)}})
    if is_active and not locked.is_active and (errors := _operating(locked.agency, officers=True)):
        raise ValidationError({"is_active": errors["agency"]})
    locked.full_name, locked.rank, locked.is_active = (full_name or "").strip(), rank, is_active
    _full_clean(locked, exclude=["user", "code"])
    locked.save(update_fields=["full_name", "rank", "is_active"])
    followed(updated=[(locked, recorded_before)])
    return locked


@transaction.atomic
def account_create(*, username, full_name, role, agency, password, officer=None) -> User:
    """A login at `agency` with a role; an officer's login is tied to their officer record."""
    account = User(username=(username or "").strip(), full_name=(full_name or "").strip(), role=role, agency=agency)
    errors = _operating(agency)
    if User.objects.filter(username__iexact=account.username).exists():
        errors["username"] = _("The login name %(name)s is taken.") % {"name": account.username}
    if role == User.Role.OFFICER and officer is None:
        errors["officer"] = _("Choose the officer whose login this is.")
    try:
        validate_password(password, account)
    except ValidationError as error:
        errors["password"] = " ".join(error.messages)
    if errors:
        raise ValidationError(errors)
    account.set_password(password)
    _full_clean(account, exclude=["password", "officer"])
    account.save()
    followed(created=[account])
    if officer is not None:
        _tie(officer, account)
    return account


def _tie(officer, account):
    if officer.user_id is not None and officer.user_id != account.pk:
        raise ValidationError({"officer": _("%(name)s already has a login.") % {"name": officer.full_name}})
    recorded_before = values_of(officer)
    officer.user = account
    officer.save(update_fields=["user"])
    followed(updated=[(officer, recorded_before)])


@transaction.atomic
def account_move(*, account, to_agency) -> User:
    """The account now belongs to `to_agency` and sees its subtree (and its predecessors')."""
    locked = User.objects.select_for_update(no_key=True).get(pk=account.pk)  # as in officer_move
    if locked.agency_id == to_agency.pk:
        return locked
    errors = _operating(to_agency)
    if errors:
        raise ValidationError(errors)
    return _placed(locked, to_agency)


@transaction.atomic
def account_change(*, account, full_name, role, is_active) -> User:
    locked = User.objects.select_for_update(no_key=True).get(pk=account.pk)  # as in officer_move
    recorded_before = values_of(locked)
    if is_active and not locked.is_active and (errors := _operating(locked.agency)):
        raise ValidationError({"is_active": errors["agency"]})
    if role == User.Role.OFFICER and not Officer.objects.filter(user=locked).exists():
        raise ValidationError({"role": _("An enforcement officer's account is made from the officer's record: "
                                         "create it with the officer chosen.")})
    locked.full_name, locked.role, locked.is_active = (full_name or "").strip(), role, is_active
    _full_clean(locked, exclude=["password"])
    locked.save(update_fields=["full_name", "role", "is_active", "is_staff"])
    followed(updated=[(locked, recorded_before)])
    return locked
