"""The template as CloudFormation deploys it: `template.yaml` through SAM's own transform (`aws-sam-translator`),
with the resources that a given set of parameter values leaves in (conditions evaluated).

Tests of the stack read this, never the source template: the source does not show what SAM generates (the
stages, the functions' roles and permissions, the event rules).
"""

from __future__ import annotations

import copy
import functools
import json
import os
from typing import Any

from local_stack.cfn import ACCOUNT, Stack, load_template

REGION = "us-east-1"
STACK_NAME = "interview-prep"
PSEUDO = {
    "AWS::Region": REGION,
    "AWS::AccountId": ACCOUNT,
    "AWS::Partition": "aws",
    "AWS::StackName": STACK_NAME,
    "AWS::URLSuffix": "amazonaws.com",
}


class _NoManagedPolicies:
    """SAM looks managed policies up by name only when a template names one without its ARN; this one never does."""

    def load(self) -> dict[str, str]:
        return {}


@functools.cache
def _transformed_json() -> str:
    from samtranslator.translator.transform import transform

    template = copy.deepcopy(load_template())
    for resource in template["Resources"].values():
        props = resource.get("Properties", {})
        for key in ("CodeUri", "ContentUri"):  # as `sam package` leaves them
            if isinstance(props.get(key), str):
                props[key] = f"s3://artifacts/{props[key].strip('/')}"
    previous = os.environ.get("AWS_DEFAULT_REGION")
    os.environ["AWS_DEFAULT_REGION"] = REGION  # the transform reads the region from the SDK's configuration
    try:
        result = transform(template, dict(PSEUDO), _NoManagedPolicies(), passthrough_metadata=True)
    finally:
        if previous is None:
            os.environ.pop("AWS_DEFAULT_REGION", None)
        else:
            os.environ["AWS_DEFAULT_REGION"] = previous
    return json.dumps(result)


def transformed() -> dict[str, Any]:
    """The whole transformed template (a fresh copy: tests may change it)."""
    return dict(json.loads(_transformed_json()))


class Deployed:
    """The transformed template under one set of parameter values: the resources CloudFormation would create."""

    def __init__(self, **parameters: str) -> None:
        self.template = transformed()
        defaults = {k: str(v.get("Default", "")) for k, v in self.template.get("Parameters", {}).items()}
        unknown = set(parameters) - set(defaults)
        assert not unknown, f"no such parameters: {sorted(unknown)}"
        self._stack = Stack(self.template, REGION, params={**defaults, **parameters})
        self.resources = {
            name: res
            for name, res in self.template["Resources"].items()
            if "Condition" not in res or self._stack.condition(res["Condition"])
        }

    def condition(self, name: str) -> bool:
        return self._stack.condition(name)

    def of_type(self, kind: str) -> dict[str, dict[str, Any]]:
        return {name: res for name, res in self.resources.items() if res["Type"] == kind}

    def props(self, name: str) -> dict[str, Any]:
        return dict(self.resources[name].get("Properties", {}))

    def parameter_default(self, name: str) -> str:
        return str(self.template["Parameters"][name].get("Default", ""))


def ref_name(value: Any) -> str | None:
    """The logical id a `Ref` or `Fn::GetAtt` points at, else None."""
    if isinstance(value, dict) and len(value) == 1:
        ((key, arg),) = value.items()
        if key == "Ref" and isinstance(arg, str):
            return arg
        if key == "Fn::GetAtt":
            return str(arg[0] if isinstance(arg, list) else arg.split(".", 1)[0])
    return None


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def policy_statements(deployed: Deployed) -> list[tuple[str, str, dict[str, Any]]]:
    """Every statement of every identity or resource policy the stack creates (not KMS key policies, where
    `Resource: "*"` is the only form there is and means the key itself): (resource, kind, statement)."""
    found: list[tuple[str, str, dict[str, Any]]] = []
    for name, res in deployed.resources.items():
        props = res.get("Properties", {})
        documents: list[Any] = []
        if res["Type"] == "AWS::IAM::Role":
            documents = [p["PolicyDocument"] for p in props.get("Policies", [])]
        elif res["Type"] in (
            "AWS::IAM::Policy",
            "AWS::IAM::ManagedPolicy",
            "AWS::SQS::QueuePolicy",
            "AWS::SNS::TopicPolicy",
            "AWS::S3::BucketPolicy",
        ):
            documents = [props["PolicyDocument"]]
        elif res["Type"] == "AWS::SecretsManager::ResourcePolicy":
            documents = [props["ResourcePolicy"]]
        elif res["Type"] == "AWS::Events::EventBusPolicy" and "Statement" in props:
            documents = [{"Statement": props["Statement"]}]
        for document in documents:
            found += [(name, res["Type"], s) for s in as_list(document["Statement"])]
    return found
