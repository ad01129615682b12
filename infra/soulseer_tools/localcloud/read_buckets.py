"""Reader: AWS::S3::Bucket resources, their CORS rules, and the functions their notifications invoke (SAM
`S3` events on a function, filtered by key prefix and suffix)."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from soulseer_tools.localcloud.template import Template

S3_BUCKET = "AWS::S3::Bucket"


@dataclass(frozen=True)
class Notification:
    function_id: str
    events: tuple[str, ...]  # e.g. s3:ObjectCreated:*
    prefix: str = ""
    suffix: str = ""

    def matches(self, event_name: str, key: str) -> bool:
        """`event_name` as S3 writes it in the record, e.g. ObjectCreated:Post."""
        named = any(fnmatchcase(f"s3:{event_name}", pattern) for pattern in self.events)
        return named and key.startswith(self.prefix) and key.endswith(self.suffix)


@dataclass(frozen=True)
class Bucket:
    logical_id: str
    name: str
    cors_origins: tuple[str, ...]
    cors_methods: tuple[str, ...]
    notifications: tuple[Notification, ...]


def _filter(spec: dict[str, Any]) -> dict[str, str]:
    rules = (((spec.get("Filter") or {}).get("S3Key") or {}).get("Rules")) or []
    return {str(rule["Name"]).lower(): str(rule["Value"]) for rule in rules}


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (str(value),)


def read_buckets(template: Template) -> dict[str, Bucket]:
    resolve = template.resolver
    notifications: dict[str, list[Notification]] = {}
    for function_id, resource in template.resources_of("AWS::Serverless::Function").items():
        for spec in ((resource.get("Properties") or {}).get("Events") or {}).values():
            if spec.get("Type") != "S3":
                continue
            props = spec.get("Properties") or {}
            bucket = props["Bucket"]["Ref"]
            rules = _filter(props)
            notifications.setdefault(bucket, []).append(
                Notification(
                    function_id=function_id,
                    events=_strings(resolve.resolve(props["Events"])),
                    prefix=rules.get("prefix", ""),
                    suffix=rules.get("suffix", ""),
                )
            )
    buckets: dict[str, Bucket] = {}
    for logical_id, resource in template.resources_of(S3_BUCKET).items():
        props = resource.get("Properties") or {}
        cors = ((props.get("CorsConfiguration") or {}).get("CorsRules")) or [{}]
        rule = resolve.resolve(cors[0])
        buckets[logical_id] = Bucket(
            logical_id=logical_id,
            name=resolve.physical_name(logical_id),
            cors_origins=tuple(o.strip() for o in rule.get("AllowedOrigins", []) if o.strip()),
            cors_methods=tuple(rule.get("AllowedMethods", [])),
            notifications=tuple(notifications.get(logical_id, [])),
        )
    return buckets
