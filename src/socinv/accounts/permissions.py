"""The permission matrix, in one place (docs/permissions.md shows it as a table and a test
checks every cell of that table against these rules).

Roles are held per organisation (:class:`Membership`); project leaders, evaluators and
external applicants act on the projects they are members of (:class:`ProjectMember`).
Everything is checked with ``user.has_perm(perm, obj)`` (views, templates, the API and the
admin), where ``obj`` is an organisation, a fund, a project or a ledger entry. Without an
object (the admin's model-level checks) a role held in any organisation counts.

An outsider (no role, no project) is allowed nothing. Never make users superusers: a
superuser bypasses these rules.
"""

from __future__ import annotations

import rules

from socinv.core import phases

from .models import Role

R = Role
STAFF_ROLES = {R.ADMINISTRATOR, R.AUDITOR}  # may enter the Django admin (read-only for auditors)
FUND_WIDE = (R.ADMINISTRATOR, R.OWNER, R.ECONOMIST, R.AUDITOR)  # see the whole portfolio


def roles_of(user) -> dict[int, set[str]]:
    """Organisation id → the roles the user holds there (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_socinv_roles", None)
    if cached is None:
        cached = {}
        for org_id, role in user.memberships.values_list("organisation_id", "role"):
            cached.setdefault(org_id, set()).add(role)
        user._socinv_roles = cached
    return cached


def project_roles_of(user) -> dict[int, set[str]]:
    """Project id → the user's parts in it (leader, evaluator, applicant), cached."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_socinv_project_roles", None)
    if cached is None:
        cached = {}
        for project_id, role in user.project_memberships.values_list("project_id", "role"):
            cached.setdefault(project_id, set()).add(role)
        user._socinv_project_roles = cached
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles (after a role was granted or removed in the same request)."""
    for name in ("_socinv_roles", "_socinv_project_roles"):
        if hasattr(user, name):
            delattr(user, name)


def organisation_id(obj) -> int | None:
    """The organisation an object belongs to: an organisation itself, or anything with an
    ``organisation_id`` (a fund, a board, a project, a ledger entry: see their models)."""
    if obj._meta.label_lower == "organisation.organisation":
        return obj.pk
    try:
        return obj.organisation_id
    except AttributeError:
        raise TypeError(f"no organisation for {type(obj).__name__}") from None


def is_project(obj) -> bool:
    return getattr(getattr(obj, "_meta", None), "label_lower", "") == "projects.project"


def is_fund(obj) -> bool:
    return getattr(getattr(obj, "_meta", None), "label_lower", "") == "fund.fund"


def has_role(*roles: str):
    wanted = set(roles)
    name = "has_role:" + ",".join(sorted(wanted))

    @rules.predicate(name)
    def pred(user, obj=None) -> bool:
        held = roles_of(user)
        if obj is None:
            return any(wanted & r for r in held.values())
        return bool(wanted & held.get(organisation_id(obj), set()))

    return pred


def on_project(*parts: str):
    wanted = set(parts)
    name = "on_project:" + ",".join(sorted(wanted))

    @rules.predicate(name)
    def pred(user, obj=None) -> bool:
        if not is_project(obj):
            return False
        return bool(wanted & project_roles_of(user).get(obj.pk, set()))

    return pred


@rules.predicate
def in_application_phase(user, obj=None) -> bool:
    """The project is still an application (nothing decided yet)."""
    return is_project(obj) and phases.is_application(obj.phase)


@rules.predicate
def fund_admits_civil_society(user, obj=None) -> bool:
    return is_fund(obj) and obj.civil_society_may_apply


administrator = has_role(R.ADMINISTRATOR)
owner = has_role(R.OWNER)
economist = has_role(R.ECONOMIST)
auditor = has_role(R.AUDITOR)
leader = on_project("leader")
evaluator = on_project("evaluator")
applicant = on_project("applicant")

# The matrix. Keep docs/permissions.md in step: tests/integration/test_permissions.py
# reads that table and checks every cell against these rules.
PERMISSIONS = {
    # The organisation and the fund's configuration (the Django admin)
    "organisation.configure": administrator,
    "accounts.manage_users": administrator,
    # The fund
    "fund.view_fund": has_role(R.ADMINISTRATOR, R.OWNER, R.ECONOMIST, R.AUDITOR),
    "fund.view_ledger": has_role(R.OWNER, R.ECONOMIST, R.AUDITOR),
    # the owner (a politician) decides but does not book; a disbursement or a repayment
    # above the fund's threshold is attested by a second economist (attestreglemente)
    "fund.record_entry": economist,
    "fund.attest_entry": economist,
    # the threshold is a rule of internal control: the one who books must not lift it
    "fund.set_attestation_threshold": owner,
    "fund.view_statement": has_role(R.OWNER, R.ECONOMIST, R.AUDITOR),
    "fund.decide": owner,
    "fund.view_portfolio": has_role(*FUND_WIDE),
    # The fund projection (fondprognos) and the contribution plan it starts from
    "fund.view_projection": has_role(R.OWNER, R.ECONOMIST, R.AUDITOR),
    "fund.plan_contributions": has_role(R.OWNER, R.ECONOMIST),
    # Projects
    "projects.view_project": has_role(*FUND_WIDE) | leader | evaluator | applicant,
    "projects.change_project": owner | leader | (applicant & in_application_phase),
    "projects.change_calculation": owner | economist | leader | (applicant & in_application_phase),
    "projects.evaluate_project": evaluator,
    # Applications, review and decisions (the path from idea to decision)
    "fund.submit_idea": has_role(R.OWNER, R.ECONOMIST, R.PROJECT_LEADER)
    | (has_role(R.EXTERNAL) & fund_admits_civil_society),
    "projects.review_project": owner,
    "projects.decide_project": owner & in_application_phase,
    # Follow-up (issue 5): measurements, gates, evaluation responses, savings, write-downs,
    # the ex-post calculation and multiplier effects. Reading all of it is projects.view_project;
    # writing an evaluation is projects.evaluate_project (the assigned evaluator only).
    "followup.report_measurements": owner | economist | leader,
    "followup.pass_gate": owner,
    "followup.respond_to_evaluation": owner | leader,
    "followup.attach_research": owner | evaluator,
    "followup.record_saving": economist,
    "followup.confirm_repayment": owner | economist,
    "followup.confirm_write_down": owner,
    "followup.change_expost": owner | economist | leader,
    "followup.register_scale_up": owner | leader,
    # Budget frames (budgetram) per board and year, and their ramminskningar (issue 12):
    # the economist maintains them, the owner and the auditor read them
    "frames.view_frames": has_role(R.OWNER, R.ECONOMIST, R.AUDITOR),
    "frames.maintain_frames": economist,
    # The general ledger (SIE): the fund's account mapping and the import of actual costs.
    # The SIE export is a reading of the ledger: fund.view_ledger.
    "actuals.set_account_mapping": administrator | economist,
    "actuals.import_actuals": owner | economist,
    # The unit-cost catalogue (issue 15): everyone in the organisation reads it, economists
    # keep it
    "catalogue.view_catalogue": has_role(*R.values),
    "catalogue.change_catalogue": economist,
    "catalogue.set_evidence_haircuts": owner | economist,  # on a fund
    # The audit trail
    "audit.view_audit_trail": has_role(R.ADMINISTRATOR, R.OWNER, R.AUDITOR),
}

# Django's model permissions, asked by the admin without an object.
_CONFIG_MODELS = {
    "organisation": ["organisation", "board", "department", "stakeholder"],
    "fund": ["fund", "riskbound", "writedownrule", "attestationsettings"],
    "projects": ["project", "projectmember"],
    "accounts": ["membership", "grouprole"],
    "applications": ["applicationsettings"],
    "review": ["checklistquestion"],
    "phases": ["gatequestion"],
    "auth": ["user"],
}
_DELETABLE = {
    "fund.riskbound",
    "fund.writedownrule",
    "projects.projectmember",
    "accounts.membership",
    "accounts.grouprole",
    "review.checklistquestion",
}
ADMIN_MODEL_PERMISSIONS: dict[str, object] = {}
for app, models in _CONFIG_MODELS.items():
    for model in models:
        ADMIN_MODEL_PERMISSIONS[f"{app}.view_{model}"] = administrator | auditor
        ADMIN_MODEL_PERMISSIONS[f"{app}.add_{model}"] = administrator
        ADMIN_MODEL_PERMISSIONS[f"{app}.change_{model}"] = administrator
        if f"{app}.{model}" in _DELETABLE:
            ADMIN_MODEL_PERMISSIONS[f"{app}.delete_{model}"] = administrator
ADMIN_MODEL_PERMISSIONS["fund.view_ledgerentry"] = has_role(R.OWNER, R.ECONOMIST, R.AUDITOR)
# The login throttle's lockouts (django-axes): administrators look and unlock (delete); the
# rows name users and addresses, so nobody else sees them.
ADMIN_MODEL_PERMISSIONS["axes.view_accessattempt"] = administrator
ADMIN_MODEL_PERMISSIONS["axes.delete_accessattempt"] = administrator

# The admin's index and app pages ask for the module permission, i.e. the app label (rules'
# backend: has_module_perms(user, "fund") tests the rule named "fund"); then each model for
# its own add/change/view/delete permission above. Without these the index told the
# administrator "you do not have permission to view or edit anything" (issue 11, finding 11).
ADMIN_MODULE_PERMISSIONS: dict[str, object] = {
    app: administrator | auditor for app in _CONFIG_MODELS
}
ADMIN_MODULE_PERMISSIONS["axes"] = administrator

for _name, _pred in {**ADMIN_MODULE_PERMISSIONS, **ADMIN_MODEL_PERMISSIONS, **PERMISSIONS}.items():
    # fund.view_fund / projects.view_project are both a model and an object permission: the
    # object-level rule wins, and without an object it means "in some organisation".
    rules.set_perm(_name, _pred)
