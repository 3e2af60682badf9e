"""The register's vocabulary: code identifiers in English, labels in Vietnamese via gettext."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Merger")
    SPLIT = "split", _("Split")
    REORGANIZE = "reorganize", _("Reorganisation")


class Initiation(models.TextChoices):
    EX_OFFICIO = "ex_officio", _("Ex officio")
    ON_REQUEST = "on_request", _("On request")


class JudgmentKind(models.TextChoices):
    CIVIL = "civil", _("Civil")
    CRIMINAL = "criminal", _("Criminal")
    ADMINISTRATIVE = "administrative", _("Administrative")
    MARRIAGE_FAMILY = "marriage_family", _("Marriage and family")
    BUSINESS = "business", _("Business and commerce")
    LABOUR = "labour", _("Labour")
    BANKRUPTCY = "bankruptcy", _("Bankruptcy")
    ARBITRATION = "arbitration", _("Arbitration")
    OTHER = "other", _("Other")


class Condition(models.TextChoices):
    UNKNOWN = "unknown", _("Not yet classified")
    ABLE = "able", _("Able to enforce")
    UNABLE = "unable", _("Unable to enforce")


class CaseStatus(models.TextChoices):
    ACTIVE = "active", _("Being enforced")
    POSTPONED = "postponed", _("Postponed")
    SUSPENDED = "suspended", _("Suspended")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")
    ENTRUSTED = "entrusted", _("Entrusted out")
    REVOKED = "revoked", _("Decision revoked")

    @classmethod
    def open_values(cls):
        return (cls.ACTIVE, cls.POSTPONED, cls.SUSPENDED)


class DisplayState(models.TextChoices):
    """The state a person reads, in the official categories: an open, active case is "đang thi
    hành" only when able; unable and not-yet-classified cases are told apart."""

    ACTIVE = "active", _("Being enforced")
    UNCLASSIFIED = "unclassified", _("Not yet classified")
    UNABLE = "unable", _("Unable to enforce")
    POSTPONED = "postponed", _("Postponed")
    SUSPENDED = "suspended", _("Suspended")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")
    ENTRUSTED = "entrusted", _("Entrusted out")
    REVOKED = "revoked", _("Decision revoked")

    @classmethod
    def of(cls, status, condition):
        if status == CaseStatus.ACTIVE and condition == Condition.UNABLE:
            return cls.UNABLE
        if status == CaseStatus.ACTIVE and condition == Condition.UNKNOWN:
            return cls.UNCLASSIFIED
        return cls(status)

    @classmethod
    def lookup(cls, state):
        """Field values that select cases in this state."""
        if state == cls.ACTIVE:
            return {"status": CaseStatus.ACTIVE, "condition": Condition.ABLE}
        if state == cls.UNABLE:
            return {"status": CaseStatus.ACTIVE, "condition": Condition.UNABLE}
        if state == cls.UNCLASSIFIED:
            return {"status": CaseStatus.ACTIVE, "condition": Condition.UNKNOWN}
        return {"status": state}


class PostponementGround(models.TextChoices):
    AGREED = "agreed", _("Parties agreed")
    OTHER = "other", _("Other ground")


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    DENUNCIATION = "denunciation", _("Denunciation")


class EventKind(models.TextChoices):
    ACCEPT = "accept", _("Accepted")
    VERIFY = "verify", _("Verification")
    CLASSIFY = "classify", _("Classification")
    SECURE = "secure", _("Security measure")
    COERCE = "coerce", _("Coercion")
    SEIZE = "seize", _("Seizure")
    VALUE = "value", _("Valuation")
    AUCTION = "auction", _("Auction")
    PAYMENT = "payment", _("Payment")
    POSTPONE = "postpone", _("Postponement")
    SUSPEND = "suspend", _("Suspension")
    RESUME = "resume", _("Resumption")
    TERMINATE = "terminate", _("Termination")
    COMPLETE = "complete", _("Completed")
    ENTRUST_OUT = "entrust_out", _("Entrusted out")
    REVOKE = "revoke", _("Decision revoked")
    REDUCE = "reduce", _("Exemption or reduction")
    SEPARATE_REGISTER = "separate_register", _("Moved to the separate register")
    COMPLAINT_RECEIVED = "complaint_received", _("Complaint received")
    COMPLAINT_RESOLVED = "complaint_resolved", _("Complaint resolved")
    HANDOVER = "handover", _("Handed over in a restructure")

    @classmethod
    def measures(cls):
        """The enforcement measures, in the order the law applies them."""
        return (cls.SECURE, cls.COERCE, cls.SEIZE, cls.VALUE, cls.AUCTION)

    @classmethod
    def with_amount(cls):
        """The events that carry an amount."""
        return (cls.PAYMENT, cls.REDUCE)


# --- following administrative judgments (THAHC, domain primer §11) -----------------------------


class AdminJudgmentType(models.TextChoices):
    """What the court sent, as Điều 311 of the Luật Tố tụng hành chính lists what is enforced."""

    FIRST_INSTANCE = "first_instance", _("First-instance judgment or decision, not appealed")
    APPEAL = "appeal", _("Appeal judgment or decision")
    REVIEW = "review", _("Cassation or reopening decision")
    INTERIM_MEASURE = "interim_measure", _("Decision on an interim measure")
    VOTER_LIST = "voter_list", _("Judgment or decision on a voter list")
    DIALOGUE = "dialogue", _("Decision recognising a successful dialogue")

    @classmethod
    def immediate(cls):
        """Enforced at once: the notice goes out the day the judgment is received (NĐ 71/2016)."""
        return (cls.INTERIM_MEASURE, cls.VOTER_LIST)


class ClaimResult(models.TextChoices):
    ACCEPTED = "accepted", _("Claim accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Claim partly accepted")
    REJECTED = "rejected", _("Claim rejected")


class FollowStatus(models.TextChoices):
    COUNTED = "counted", _("Received, nothing to follow")
    FOLLOWED = "followed", _("Being followed")
    COMPLETED = "completed", _("Completed")
    ENDED = "ended", _("Ended otherwise")


class StepKind(models.TextChoices):
    """The documents of a followed judgment's file, in the order NĐ 71/2016 has them."""

    RECEIVE = "receive", _("Judgment received and recorded")
    NOTICE = "notice", _("Notice of voluntary enforcement sent")
    RESULT_REPORT = "result_report", _("Body's report of its result")
    PETITION = "petition", _("Petition for a compulsion decision")
    COMPEL = "compel", _("Court's compulsion decision (QĐ buộc THAHC)")
    INSTRUCTION = "instruction", _("Superior body's instruction")
    MEETING = "meeting", _("Officer's meeting with the body (minutes)")
    PUBLISH = "publish", _("Compulsion decision published on the website")
    RECOMMEND = "recommend", _("Recommendation (kiến nghị) sent")
    REPLY = "reply", _("Reply to a recommendation")
    COMPLETE = "complete", _("Completed")
    WITHDRAW = "withdraw", _("Publication withdrawn")
    END_OTHER = "end_other", _("Ended otherwise")


class BodyResult(models.TextChoices):
    """What the body reports it did."""

    COMPLIED = "complied", _("Complied in full")
    PARTLY = "partly", _("Complied in part")
    NOT_COMPLIED = "not_complied", _("Not complied")


# --- the provincial steering committee (BCĐ THADS, domain primer §12) ---------------------------


class CommitteeCategory(models.TextChoices):
    """Why a case is brought to the steering committee."""

    KEY = "key", _("Key case (trọng điểm)")
    COMPLEX = "complex", _("Complex, prolonged")
    SECURITY = "security", _("Affecting security and public order")
    COERCION = "coercion", _("Coercion needing forces of several agencies")
    CREDIT = "credit", _("Credit institution")
    CORRUPTION = "corruption", _("Corruption or economic case")
    COMPLAINTS = "complaints", _("Many complaints and petitions")
    THAHC = "thahc", _("Administrative judgment not complied with")


class CommitteeItemStatus(models.TextChoices):
    OPEN = "open", _("Before the committee")
    RESOLVED = "resolved", _("Resolved: the obstacle is removed")
    WITHDRAWN = "withdrawn", _("Taken off the list")
