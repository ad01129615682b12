"""What `soulseer deploy` reads before it changes anything: the stack's state, and what a new account lacks.

New accounts start with a Lambda concurrency limit of 10, all of which Lambda keeps unreserved (any
reserved concurrency then fails the create), and with CloudFront unverified (the create fails with "Your
account must be verified before you can add new CloudFront resources"). A first create that failed
leaves the stack in ROLLBACK_COMPLETE, which can only be deleted. Each check says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

UNRESERVED_MINIMUM = 10  # Lambda keeps at least this much of the account's limit unreserved
COMFORTABLE_LIMIT = 1000  # the usual default of an established account
QUOTA = "Service Quotas > AWS Lambda > Concurrent executions (quota code L-B99A9384)"
BUSY = ("_IN_PROGRESS",)
FAILED_CREATE = "ROLLBACK_COMPLETE"


@dataclass(frozen=True)
class Finding:
    text: str
    blocks: bool = False  # the deploy would fail: stop before changing anything


@dataclass
class Stack:
    name: str
    status: str | None = None  # None: no such stack (or it could not be read: see `unreadable`)
    outputs: dict[str, str] = field(default_factory=dict)
    unreadable: str = ""  # why it could not be read (no credentials, no network): treated as new

    @property
    def exists(self) -> bool:
        return self.status is not None


def read_stack(cloudformation: Any, name: str) -> Stack:
    try:
        stacks = cloudformation.describe_stacks(StackName=name)["Stacks"]
    except Exception as error:  # botocore's ClientError, NoCredentialsError, EndpointConnectionError, ...
        if "does not exist" in str(error):
            return Stack(name)
        return Stack(name, unreadable=f"{type(error).__name__}: {error}")
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stacks[0].get("Outputs", [])}
    return Stack(name, status=stacks[0]["StackStatus"], outputs=outputs)


def stack_findings(stack: Stack) -> list[Finding]:
    status = stack.status or ""
    if any(status.endswith(suffix) for suffix in BUSY):
        return [Finding(f"Stack {stack.name} is {status}: wait until it settles, then deploy again.", blocks=True)]
    if status in ("ROLLBACK_FAILED", "DELETE_FAILED"):
        return [
            Finding(
                f"Stack {stack.name} is {status}: delete it in the CloudFormation console (retaining what "
                "it cannot delete), or `aws cloudformation delete-stack --stack-name "
                f"{stack.name}`, then deploy again.",
                blocks=True,
            )
        ]
    if status == "UPDATE_ROLLBACK_FAILED":
        return [
            Finding(
                f"Stack {stack.name} is UPDATE_ROLLBACK_FAILED: `aws cloudformation continue-update-rollback "
                f"--stack-name {stack.name}`, fix what the events name, then deploy again.",
                blocks=True,
            )
        ]
    if status == FAILED_CREATE:
        return [
            Finding(
                f"Stack {stack.name} is ROLLBACK_COMPLETE: its first create failed (see its events for why) and "
                "it can only be deleted. It holds no data (its tables and log bucket are RetainExceptOnCreate), "
                "so this deploy deletes it, then creates it again."
            )
        ]
    return []


def concurrency_findings(lambda_client: Any, reserved: int, already_reserved: int = 0) -> list[Finding]:
    """Would reserving `reserved` for billing ticks leave the account its 10 unreserved?"""
    limits = lambda_client.get_account_settings()["AccountLimit"]
    limit, unreserved = int(limits["ConcurrentExecutions"]), int(limits["UnreservedConcurrentExecutions"])
    left = unreserved + already_reserved - reserved
    findings = []
    if reserved and left < UNRESERVED_MINIMUM:
        needed = limit - left + UNRESERVED_MINIMUM
        findings.append(
            Finding(
                f"The account's Lambda concurrency limit is {limit} ({unreserved} unreserved): reserving "
                f"{reserved} for billing ticks (BillingTickReservedConcurrency) would leave {left}, below the "
                f"{UNRESERVED_MINIMUM} Lambda keeps, and the deploy would fail. Request at least {needed} "
                f"({QUOTA}; e.g. `aws service-quotas request-service-quota-increase --service-code lambda "
                f"--quota-code L-B99A9384 --desired-value {max(needed, COMFORTABLE_LIMIT)}`), or set "
                "BillingTickReservedConcurrency=0 for this stage in samconfig.toml.",
                blocks=True,
            )
        )
    elif limit < COMFORTABLE_LIMIT:
        findings.append(
            Finding(
                f"The account's Lambda concurrency limit is {limit} (new accounts start low): every function "
                f"shares it. Request {COMFORTABLE_LIMIT} ({QUOTA}) before taking traffic."
            )
        )
    return findings


def cloudfront_findings(cloudfront: Any) -> list[Finding]:
    """An account with a distribution is verified; one without may not be (no API says so)."""
    listing = cloudfront.list_distributions(MaxItems="1").get("DistributionList") or {}
    if listing.get("Quantity", 0):
        return []
    return [
        Finding(
            "This account has no CloudFront distribution yet. New accounts must be verified before they can "
            "create one: if the create fails with 'Your account must be verified before you can add new "
            "CloudFront resources', open a case with AWS Support (Account and billing), wait for the answer, "
            "then deploy again (the failed stack is deleted and created again)."
        )
    ]


def _covers(names: list[str], domain: str) -> bool:
    wildcard = "*." + domain.split(".", 1)[-1]
    return domain in names or wildcard in names


def certificate_findings(acm: Any, arn: str, domains: list[str]) -> list[Finding]:
    """The custom domain's certificate: in us-east-1 (CloudFront's region), issued, covering every alias."""
    if not domains:
        return []
    if not arn:
        return [Finding("WebDomainNames needs WebCertificateArn (an ACM certificate in us-east-1).", blocks=True)]
    certificate = acm.describe_certificate(CertificateArn=arn)["Certificate"]
    findings = []
    if certificate.get("Status") != "ISSUED":
        findings.append(
            Finding(
                f"Certificate {arn} is {certificate.get('Status')}: add the DNS validation records ACM lists, "
                "wait until it is ISSUED, then deploy again.",
                blocks=True,
            )
        )
    names = list(certificate.get("SubjectAlternativeNames") or [certificate.get("DomainName", "")])
    uncovered = [domain for domain in domains if not _covers(names, domain)]
    if uncovered:
        findings.append(Finding(f"Certificate {arn} does not cover {', '.join(uncovered)}.", blocks=True))
    return findings
