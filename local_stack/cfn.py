"""Provision moto from `template.yaml`: the template is the one source of truth for the tables, queues,
schedule group and SES identity, for the tests and the local stack alike (no second, hand-written copy).
"""

from __future__ import annotations

import dataclasses
import json
import pathlib
from typing import Any

import boto3
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"
ACCOUNT = "123456789012"


class _Loader(yaml.SafeLoader):
    """YAML with CloudFormation's short-form tags (`!Ref`, `!GetAtt`, `!Sub`…)."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_Loader.add_multi_constructor("!", _tag)


def load_template(path: pathlib.Path = TEMPLATE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


@dataclasses.dataclass
class Stack:
    """What the template became on moto: each resource's Ref and attributes, and the functions' settings."""

    template: dict[str, Any]
    region: str
    refs: dict[str, str] = dataclasses.field(default_factory=dict)
    attrs: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)
    params: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def resources(self) -> dict[str, Any]:
        return self.template["Resources"]

    def add_alias_refs(self) -> None:
        """SAM's implicit alias resources (`AutoPublishAlias`): `!Ref <Function>Alias<alias>` is the alias ARN, the
        function's ARN with the alias as qualifier. Call once the functions' ARNs are known."""
        default = self.template.get("Globals", {}).get("Function", {}).get("AutoPublishAlias")
        for name, res in self.resources.items():
            if res["Type"] == "AWS::Serverless::Function":
                alias = res.get("Properties", {}).get("AutoPublishAlias", default)
                if alias:
                    self.refs[f"{name}Alias{alias}"] = f"{self.attrs[(name, 'Arn')]}:{alias}"

    # --- intrinsic functions ------------------------------------------------------------------------------

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [v for v in (self.resolve(v) for v in value) if v is not _NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Ref":
                return self._ref(arg)
            if key == "Fn::GetAtt":
                return self.attrs[(arg[0], arg[1])]
            if key == "Fn::Sub":
                return self._sub(arg)
            if key == "Fn::If":
                return self.resolve(arg[1] if self.condition(arg[0]) else arg[2])
            if key == "Fn::Join":
                return arg[0].join(str(self.resolve(v)) for v in arg[1])
        return {k: r for k, r in ((k, self.resolve(v)) for k, v in value.items()) if r is not _NO_VALUE}

    def _ref(self, name: str) -> Any:
        pseudo = {
            "AWS::Region": self.region,
            "AWS::AccountId": ACCOUNT,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::StackName": "interview-prep",
            "AWS::NoValue": _NO_VALUE,
        }
        if name in pseudo:
            return pseudo[name]
        if name in self.params:
            return self.params[name]
        return self.refs[name]

    def _sub(self, arg: Any) -> str:
        import re

        text, extra = (arg, {}) if isinstance(arg, str) else (arg[0], self.resolve(arg[1]))

        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in extra:
                return str(extra[name])
            if "." in name:
                res, att = name.split(".", 1)
                return str(self.attrs[(res, att)])
            return str(self._ref(name))

        return re.sub(r"\$\{([^}]+)\}", one, text)

    def condition(self, name: str) -> bool:
        return bool(self._eval(self.template.get("Conditions", {})[name]))

    def _eval(self, expr: Any) -> Any:
        if isinstance(expr, dict) and len(expr) == 1:
            ((key, arg),) = expr.items()
            if key == "Fn::Not":
                return not self._eval(arg[0])
            if key == "Fn::Equals":
                return self.resolve(arg[0]) == self.resolve(arg[1])
            if key == "Fn::And":
                return all(self._eval(a) for a in arg)
            if key == "Fn::Or":
                return any(self._eval(a) for a in arg)
            if key == "Condition":
                return self.condition(arg)
        return self.resolve(expr)

    # --- what the functions need --------------------------------------------------------------------------

    def function_environment(self) -> dict[str, str]:
        """The environment of every function (Globals plus each function's own), as Lambda would set it."""
        env: dict[str, str] = {}
        glob = self.template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
        env.update({k: str(v) for k, v in self.resolve(glob).items()})
        for res in self.resources.values():
            if res["Type"] == "AWS::Serverless::Function":
                own = res["Properties"].get("Environment", {}).get("Variables", {})
                env.update({k: str(v) for k, v in self.resolve(own).items()})
        return env

    def stream_mapping(self, function: str = "OnInterviewChangeFunction") -> dict[str, Any]:
        """The DynamoDB event source mapping of `function`: batch size, retries, filter patterns…"""
        events = self.resources[function]["Properties"]["Events"]
        props = next(e["Properties"] for e in events.values() if e["Type"] == "DynamoDB")
        filters = props.get("FilterCriteria", {}).get("Filters", [])
        return {
            "batch_size": int(props.get("BatchSize", 100)),
            "maximum_retry_attempts": int(props.get("MaximumRetryAttempts", -1)),
            "bisect": bool(props.get("BisectBatchOnFunctionError", False)),
            "patterns": [json.loads(f["Pattern"]) for f in filters],
            "on_failure": self.resolve(props.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")),
        }

    def event_rule(self, function: str) -> dict[str, Any]:
        """The EventBridge rule of `function` (its pattern resolved), and what Lambda does when it fails."""
        props = self.resources[function]["Properties"]
        events = props["Events"]
        rule = next(e["Properties"] for e in events.values() if e["Type"] == "EventBridgeRule")
        return {
            "pattern": self.resolve(rule["Pattern"]),
            "retries": int(props.get("EventInvokeConfig", {}).get("MaximumRetryAttempts", 2)),
            "dead_letter_queue": self.resolve(props.get("DeadLetterQueue", {}).get("TargetArn")),
        }


_NO_VALUE = object()


# What the local stack makes of the template; every other type (alarms, keys, log groups, the web ACL...) exists
# only in AWS and is left alone, its properties never resolved.
PROVISIONED = (
    "AWS::DynamoDB::Table",
    "AWS::Events::EventBus",
    "AWS::SQS::Queue",
    "AWS::Scheduler::ScheduleGroup",
    "AWS::SES::EmailIdentity",
    "AWS::SecretsManager::Secret",
    "AWS::S3::Bucket",
)


def provision(region: str = "us-east-1", template: dict[str, Any] | None = None) -> Stack:
    """Create, on the (mocked) AWS of this process, every resource of the template that moto can hold."""
    stack = Stack(template or load_template(), region)
    stack.params = {k: str(v.get("Default", "")) for k, v in stack.template.get("Parameters", {}).items()}
    arn = f"arn:aws:{{service}}:{region}:{ACCOUNT}:{{rest}}"
    dynamodb = boto3.client("dynamodb", region_name=region)
    sqs = boto3.client("sqs", region_name=region)
    for name, res in stack.resources.items():  # names first: Refs of names and ARNs need no calls
        kind = res["Type"]
        if kind == "AWS::Serverless::Function":
            stack.attrs[(name, "Arn")] = arn.format(service="lambda", rest=f"function:{name}")
            stack.refs[name] = name
        elif kind == "AWS::IAM::Role":
            stack.attrs[(name, "Arn")] = f"arn:aws:iam::{ACCOUNT}:role/{name}"
            stack.refs[name] = name
        elif kind == "AWS::S3::Bucket":  # CloudFormation names buckets itself; a name of the same kind
            stack.refs[name] = f"interview-prep-{name.lower()}"
            stack.attrs[(name, "Arn")] = f"arn:aws:s3:::{stack.refs[name]}"
        elif kind in (
            "AWS::Scheduler::ScheduleGroup",
            "AWS::SES::ReceiptRuleSet",
            "AWS::SES::ConfigurationSet",
            "AWS::SNS::Topic",
            "AWS::Serverless::Api",
            "AWS::Serverless::LayerVersion",
        ):
            stack.refs[name] = name
    stack.add_alias_refs()
    for name, res in stack.resources.items():
        kind, props = res["Type"], res.get("Properties", {})
        if kind == "AWS::DynamoDB::Table":
            _create_table(dynamodb, stack, name, props)
        elif kind == "AWS::SQS::Queue":
            url = sqs.create_queue(QueueName=name)["QueueUrl"]
            stack.refs[name] = url
            stack.attrs[(name, "Arn")] = arn.format(service="sqs", rest=name)
            stack.attrs[(name, "QueueName")] = name
    for name, res in stack.resources.items():
        if res["Type"] not in PROVISIONED:
            continue
        kind, props = res["Type"], stack.resolve(res.get("Properties", {}))
        if kind == "AWS::SecretsManager::Secret":
            _create_secret(boto3.client("secretsmanager", region_name=region), stack, name, props)
        elif kind == "AWS::Scheduler::ScheduleGroup":
            boto3.client("scheduler", region_name=region).create_schedule_group(Name=name)
        elif kind == "AWS::Events::EventBus":
            created = boto3.client("events", region_name=region).create_event_bus(Name=props["Name"])
            stack.refs[name] = props["Name"]
            stack.attrs[(name, "Arn")] = created["EventBusArn"]
            stack.attrs[(name, "Name")] = props["Name"]
        elif kind == "AWS::S3::Bucket":
            _create_bucket(boto3.client("s3", region_name=region), stack, name, props)
        elif kind == "AWS::SES::EmailIdentity":
            identity = props["EmailIdentity"]
            ses = boto3.client("ses", region_name=region)
            if "@" in identity:
                ses.verify_email_identity(EmailAddress=identity)
            else:
                ses.verify_domain_identity(Domain=identity)
    return stack


def _create_bucket(client: Any, stack: Stack, name: str, props: dict[str, Any]) -> None:
    """The bucket with the template's encryption and lifecycle rules (moto keeps them; it expires nothing)."""
    bucket = stack.refs[name]
    if stack.region == "us-east-1":
        client.create_bucket(Bucket=bucket)
    else:
        client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": stack.region})
    if props.get("BucketEncryption"):  # CloudFormation's names differ a little from the API's
        rules = [
            {"ApplyServerSideEncryptionByDefault": rule["ServerSideEncryptionByDefault"]}
            for rule in props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        ]
        client.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": rules})
    lifecycle = props.get("LifecycleConfiguration", {}).get("Rules", [])
    if lifecycle:
        client.put_bucket_lifecycle_configuration(
            Bucket=bucket,
            LifecycleConfiguration={
                "Rules": [
                    {
                        "ID": rule["Id"],
                        "Status": rule["Status"],
                        "Filter": {"Prefix": ""},
                        "Expiration": {"Days": int(rule["ExpirationInDays"])},
                    }
                    for rule in lifecycle
                ]
            },
        )


def _create_secret(client: Any, stack: Stack, name: str, props: dict[str, Any]) -> None:
    """A secret of the local stack's own: generated here, as Secrets Manager generates one in AWS."""
    import secrets
    import string

    spec = props.get("GenerateSecretString", {})
    alphabet = string.ascii_letters + string.digits
    if not spec.get("ExcludePunctuation"):
        alphabet += string.punctuation
    value = "".join(secrets.choice(alphabet) for _ in range(int(spec.get("PasswordLength", 32))))
    created = client.create_secret(Name=name, SecretString=value, Description=props.get("Description", ""))
    stack.refs[name] = created["ARN"]


def _create_table(client: Any, stack: Stack, name: str, props: dict[str, Any]) -> None:
    args: dict[str, Any] = {
        "TableName": name,
        "KeySchema": props["KeySchema"],
        "AttributeDefinitions": props["AttributeDefinitions"],
        "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
    }
    if props.get("GlobalSecondaryIndexes"):
        args["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
    if props.get("StreamSpecification"):
        args["StreamSpecification"] = {"StreamEnabled": True, **props["StreamSpecification"]}
    created = client.create_table(**args)["TableDescription"]
    ttl = props.get("TimeToLiveSpecification")
    if ttl:
        client.update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)
    if props.get("PointInTimeRecoverySpecification"):
        client.update_continuous_backups(
            TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
        )
    stack.refs[name] = name
    stack.attrs[(name, "Arn")] = created["TableArn"]
    if "LatestStreamArn" in created:
        stack.attrs[(name, "StreamArn")] = created["LatestStreamArn"]
