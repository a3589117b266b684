"""The stack as CloudFormation would deploy it (template.yaml through SAM's transform): one throttled stage behind
a web ACL, alarms that reach an on-call through a key CloudWatch may use, bounded JSON logs, least privilege, the
CSRF key in Secrets Manager, and mail that stays deliverable.

The checks iterate over what the template holds (every function, every queue, every policy), so a function or
queue added later is held to the same rules.
"""

from __future__ import annotations

import fnmatch
import json
import re
from typing import Any

import pytest

from tests.deployed_template import STACK_NAME, Deployed, as_list, policy_statements, ref_name


@pytest.fixture(scope="module")
def deployed() -> Deployed:
    return Deployed()


def _sub_text(value: Any) -> str:
    """The text of an `Fn::Sub` with this stack's name and region filled in (other references left as ${...})."""
    text = value["Fn::Sub"] if isinstance(value, dict) else value
    text = text[0] if isinstance(text, list) else text
    return str(text).replace("${AWS::StackName}", STACK_NAME).replace("${AWS::Region}", "us-east-1")


def _alarms(deployed: Deployed) -> dict[str, dict[str, Any]]:
    return {name: res["Properties"] for name, res in deployed.of_type("AWS::CloudWatch::Alarm").items()}


def _metrics_of(alarm: dict[str, Any]) -> list[dict[str, Any]]:
    """The metrics an alarm watches: its own, or those of its metric math."""
    if "MetricName" in alarm:
        return [{"Namespace": alarm["Namespace"], "MetricName": alarm["MetricName"], "Dimensions": alarm["Dimensions"]}]
    return [m["MetricStat"]["Metric"] for m in alarm.get("Metrics", []) if "MetricStat" in m]


def _alarms_on(deployed: Deployed, namespace: str, metric: str, dimension: str, target: str) -> list[str]:
    """The alarms that watch `metric` with `dimension` pointing at resource `target` (or equal to it)."""
    found = []
    for name, alarm in _alarms(deployed).items():
        for watched in _metrics_of(alarm):
            if watched["Namespace"] != namespace or watched["MetricName"] != metric:
                continue
            values = {d["Name"]: d["Value"] for d in watched.get("Dimensions", [])}
            value = values.get(dimension)
            if value is not None and (ref_name(value) == target or value == target):
                found.append(name)
    return found


# --- item: exactly one stage, throttled -------------------------------------------------------------------------


def test_api_has_exactly_one_stage_and_it_is_throttled(deployed: Deployed) -> None:
    stages = deployed.of_type("AWS::ApiGateway::Stage")
    deployments = deployed.of_type("AWS::ApiGateway::Deployment")

    # One stage, and no deployment that creates a second one of its own (SAM's "Stage" stage)
    assert list(stages) == ["RestApiprodStage"], list(stages)
    assert all("StageName" not in d["Properties"] for d in deployments.values())
    (stage,) = stages.values()
    settings = stage["Properties"]["MethodSettings"]
    catch_all = [s for s in settings if s["ResourcePath"] == "/*" and s["HttpMethod"] == "*"]
    assert catch_all and all(s["ThrottlingRateLimit"] > 0 and s["ThrottlingBurstLimit"] > 0 for s in catch_all)
    assert all(s.get("LoggingLevel", "OFF") == "OFF" and not s.get("DataTraceEnabled") for s in settings)


def test_api_endpoint_is_regional(deployed: Deployed) -> None:
    api = deployed.props("RestApi")

    assert api["EndpointConfiguration"]["Types"] == ["REGIONAL"]
    assert deployed.props("ApiFunction")["ReservedConcurrentExecutions"]["Fn::If"][0] == "HasApiReservedConcurrency"


def test_api_function_has_a_small_reserved_concurrency_by_default_and_none_when_set_to_zero() -> None:
    default, none = Deployed(), Deployed(ApiReservedConcurrency="0")

    assert (
        default.condition("HasApiReservedConcurrency") and default.parameter_default("ApiReservedConcurrency") == "10"
    )
    assert not none.condition("HasApiReservedConcurrency")


def test_custom_domain_is_created_only_with_a_certificate_with_tls_1_2_and_mapped_to_the_stage() -> None:
    plain = Deployed(PublicBaseUrl="https://prep.example.com")
    custom = Deployed(
        PublicBaseUrl="https://prep.example.com", CustomDomainCertificateArn="arn:aws:acm:us-east-1:1:c/x"
    )

    assert not plain.of_type("AWS::ApiGateway::DomainName")
    (domain,) = custom.of_type("AWS::ApiGateway::DomainName").values()
    assert domain["Properties"]["SecurityPolicy"] == "TLS_1_2"
    assert domain["Properties"]["EndpointConfiguration"] == {"Types": ["REGIONAL"]}
    # The host is taken from PublicBaseUrl: https://prep.example.com -> prep.example.com
    assert domain["Properties"]["DomainName"] == {"Fn::Select": [2, {"Fn::Split": ["/", {"Ref": "PublicBaseUrl"}]}]}
    assert "https://prep.example.com".split("/")[2] == "prep.example.com"
    (mapping,) = custom.of_type("AWS::ApiGateway::BasePathMapping").values()
    assert ref_name(mapping["Properties"]["Stage"]) == "RestApiprodStage"
    assert ref_name(mapping["Properties"]["RestApiId"]) == "RestApi"


# --- item: alarms that arrive -----------------------------------------------------------------------------------


def test_alarm_topic_key_is_customer_managed_and_lets_only_this_accounts_alarms_use_it(deployed: Deployed) -> None:
    topic = deployed.props("AlarmTopic")
    key_name = ref_name(topic["KmsMasterKeyId"])

    # A key of this stack (an AWS managed alias/aws/sns key cannot grant CloudWatch its use)
    assert key_name in deployed.of_type("AWS::KMS::Key"), topic["KmsMasterKeyId"]
    key = deployed.props(key_name)
    assert key["EnableKeyRotation"] is True
    grants = [s for s in key["KeyPolicy"]["Statement"] if s.get("Principal") == {"Service": "cloudwatch.amazonaws.com"}]
    assert grants, "the key policy does not let CloudWatch use the key"
    for statement in grants:
        assert statement["Effect"] == "Allow"
        assert {"kms:Decrypt", "kms:GenerateDataKey*"} <= set(as_list(statement["Action"]))
        condition = statement["Condition"]
        assert ref_name(condition["StringEquals"]["aws:SourceAccount"]) == "AWS::AccountId"
        assert _sub_text(condition["ArnLike"]["aws:SourceArn"]).endswith(":${AWS::AccountId}:alarm:*")
    # And the topic's own policy lets CloudWatch (of this account) publish, nothing else
    (policy,) = [p for p in deployed.of_type("AWS::SNS::TopicPolicy").values()]
    (statement,) = policy["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "cloudwatch.amazonaws.com"} and statement["Action"] == "sns:Publish"
    assert set(statement["Condition"]) == {"StringEquals", "ArnLike"}


def test_alarm_email_parameter_subscribes_that_address_to_the_topic() -> None:
    without, with_email = Deployed(), Deployed(AlarmEmail="oncall@example.com")

    assert not without.of_type("AWS::SNS::Subscription")
    (subscription,) = with_email.of_type("AWS::SNS::Subscription").values()
    props = subscription["Properties"]
    assert props["Protocol"] == "email" and ref_name(props["Endpoint"]) == "AlarmEmail"
    assert ref_name(props["TopicArn"]) == "AlarmTopic"


def test_every_alarm_notifies_the_alarm_topic_when_it_fires_and_when_it_clears(deployed: Deployed) -> None:
    alarms = _alarms(deployed)

    assert len(alarms) >= 15
    for name, alarm in alarms.items():
        assert [ref_name(a) for a in alarm["AlarmActions"]] == ["AlarmTopic"], name
        assert [ref_name(a) for a in alarm.get("OKActions", [])] == ["AlarmTopic"], name
        assert alarm["TreatMissingData"] == "notBreaching", name
        assert alarm.get("AlarmDescription"), name


def test_every_function_has_an_errors_and_a_throttles_alarm(deployed: Deployed) -> None:
    functions = deployed.of_type("AWS::Lambda::Function")

    assert len(functions) >= 4
    for name in functions:
        assert _alarms_on(deployed, "AWS/Lambda", "Errors", "FunctionName", name), f"{name} has no Errors alarm"
        assert _alarms_on(deployed, "AWS/Lambda", "Throttles", "FunctionName", name), f"{name} has no Throttles alarm"


def test_every_queue_has_an_alarm(deployed: Deployed) -> None:
    queues = deployed.of_type("AWS::SQS::Queue")

    assert len(queues) >= 3
    for name in queues:
        watched = [
            alarm
            for metric in ("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage")
            for alarm in _alarms_on(deployed, "AWS/SQS", metric, "QueueName", name)
        ]
        assert watched, f"{name} has no alarm"


@pytest.mark.parametrize(
    ("namespace", "metric", "dimension", "target"),
    [
        ("AWS/ApiGateway", "5XXError", "ApiName", None),
        ("AWS/ApiGateway", "Latency", "ApiName", None),
        ("AWS/Lambda", "IteratorAge", "FunctionName", "OnInterviewChangeFunction"),
        ("AWS/Scheduler", "TargetErrorCount", "ScheduleGroup", "DeliverySchedules"),
        ("AWS/Scheduler", "InvocationDroppedCount", "ScheduleGroup", "DeliverySchedules"),
        ("InterviewPrep", "DeliveriesFailed", "service", "interview-prep"),
        ("InterviewPrep", "DeliveriesNotRecorded", "service", "interview-prep"),
        ("AWS/SES", "Reputation.BounceRate", "ses:configuration-set", "EmailConfigurationSet"),
        ("AWS/SES", "Reputation.ComplaintRate", "ses:configuration-set", "EmailConfigurationSet"),
    ],
)
def test_the_signals_an_on_call_needs_are_alarmed(
    deployed: Deployed, namespace: str, metric: str, dimension: str, target: str | None
) -> None:
    if target is None:  # the API: named after the stack, and its stage
        target_value = deployed.props("RestApi")["Name"]
        assert _sub_text(target_value) == f"{STACK_NAME}-api"
        found = [
            name
            for name, alarm in _alarms(deployed).items()
            for m in _metrics_of(alarm)
            if m["MetricName"] == metric
            and {d["Name"]: d["Value"] for d in m["Dimensions"]}.get(dimension) == target_value
            and ref_name({d["Name"]: d["Value"] for d in m["Dimensions"]}["Stage"]) == "RestApiprodStage"
        ]
    else:
        found = _alarms_on(deployed, namespace, metric, dimension, target)

    assert found, f"no alarm on {namespace} {metric} for {target}"


def test_custom_metric_alarms_watch_the_namespace_and_service_the_functions_publish(deployed: Deployed) -> None:
    functions = deployed.of_type("AWS::Lambda::Function")
    for name, function in functions.items():
        env = function["Properties"]["Environment"]["Variables"]
        assert env["POWERTOOLS_METRICS_NAMESPACE"] == "InterviewPrep", name
        assert env["POWERTOOLS_SERVICE_NAME"] == "interview-prep", name


def test_api_error_rate_alarm_ignores_quiet_periods_and_fires_above_one_percent(deployed: Deployed) -> None:
    (alarm,) = [a for a in _alarms(deployed).values() if any(m["MetricName"] == "5XXError" for m in _metrics_of(a))]
    (expression,) = [m["Expression"] for m in alarm["Metrics"] if "Expression" in m]
    match = re.fullmatch(r"IF\(requests >= (\d+), 100 \* errors / requests, 0\)", expression)
    assert match, expression
    minimum = int(match.group(1))

    def rate(errors: int, requests: int) -> float:  # the expression, as CloudWatch evaluates it
        return 100 * errors / requests if requests >= minimum else 0.0

    assert alarm["Threshold"] == 1 and alarm["ComparisonOperator"] == "GreaterThanThreshold"
    assert {m["Id"]: m["MetricStat"]["Metric"]["MetricName"] for m in alarm["Metrics"] if "MetricStat" in m} == {
        "errors": "5XXError",
        "requests": "Count",
    }
    assert not rate(1, 10) > alarm["Threshold"]  # one 5xx among ten requests: too few to judge
    assert not rate(1, 200) > alarm["Threshold"]  # 0.5%
    assert rate(5, 200) > alarm["Threshold"]  # 2.5%


# --- item: bounded JSON logs --------------------------------------------------------------------------------------


def test_every_function_logs_json_to_its_own_log_group_with_the_retention_parameter(deployed: Deployed) -> None:
    functions = deployed.of_type("AWS::Lambda::Function")
    key = deployed.props("OperationsKey")
    (logs_grant,) = [s for s in key["KeyPolicy"]["Statement"] if "logs." in json.dumps(s.get("Principal"))]
    encryptable = _sub_text(logs_grant["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"])

    assert deployed.parameter_default("LogRetentionInDays") == "30"
    groups = []
    for name, function in functions.items():
        config = function["Properties"]["LoggingConfig"]
        assert config["LogFormat"] == "JSON", name
        group = ref_name(config["LogGroup"])
        assert group in deployed.of_type("AWS::Logs::LogGroup"), f"{name} logs to no log group of the stack"
        groups.append(group)
    assert len(set(groups)) == len(groups), "two functions share a log group"
    for group in [*groups, *deployed.of_type("AWS::Logs::LogGroup")]:
        props = deployed.props(group)
        assert ref_name(props["RetentionInDays"]) == "LogRetentionInDays", group
        # Encrypted with the stack's key, whose policy lets CloudWatch Logs use it for exactly these groups
        assert ref_name(props["KmsKeyId"]) == "OperationsKey", group
        arn = f"arn:${{AWS::Partition}}:logs:us-east-1:${{AWS::AccountId}}:log-group:{_sub_text(props['LogGroupName'])}"
        assert fnmatch.fnmatchcase(arn, encryptable), (arn, encryptable)


def test_access_log_records_status_latency_and_error_codes_but_no_path_or_client(deployed: Deployed) -> None:
    (stage,) = deployed.of_type("AWS::ApiGateway::Stage").values()
    setting = stage["Properties"]["AccessLogSetting"]
    fields = json.loads(setting["Format"])
    variables = set(fields.values())

    assert ref_name(setting["DestinationArn"]) == "ApiAccessLogGroup"
    for wanted in ("$context.status", "$context.responseLatency", "$context.requestId", "$context.error.responseType"):
        assert wanted in variables, wanted
    assert "$context.waf.error" in variables or "$context.waf.status" in variables
    text = setting["Format"]
    for leaked in ("path", "resourcePath", "sourceIp", "userAgent", "identity.", "domainName", "apiKey"):
        assert leaked not in text, leaked


def test_api_gateway_logging_role_is_created_only_when_asked_and_the_log_group_waits_for_it() -> None:
    create, existing = Deployed(), Deployed(CreateApiGatewayLoggingRole="false")

    assert create.of_type("AWS::ApiGateway::Account") and not existing.of_type("AWS::ApiGateway::Account")
    # The stage writes to the access log group, which refers to the account setting when the stack makes it
    tags = create.props("ApiAccessLogGroup")["Tags"]
    assert any(ref_name(t["Value"].get("Fn::If", [None, None])[1]) == "ApiGatewayAccount" for t in tags)


# --- item: abuse at the edge ------------------------------------------------------------------------------------


def test_web_acl_limits_each_client_and_is_associated_with_the_stage_unless_turned_off() -> None:
    on, off = Deployed(), Deployed(WebAclEnabled="false")

    (acl_name, acl), *_ = on.of_type("AWS::WAFv2::WebACL").items()
    props = acl["Properties"]
    assert props["Scope"] == "REGIONAL"
    rates = [r for r in props["Rules"] if "RateBasedStatement" in r["Statement"]]
    assert rates and rates[0]["Statement"]["RateBasedStatement"]["AggregateKeyType"] == "IP"
    assert ref_name(rates[0]["Statement"]["RateBasedStatement"]["Limit"]) == "WebAclRequestsPerFiveMinutes"
    assert rates[0]["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
    # The 429's body is the service's documented error shape
    body_key = rates[0]["Action"]["Block"]["CustomResponse"]["CustomResponseBodyKey"]
    body = json.loads(props["CustomResponseBodies"][body_key]["Content"])
    assert body["error"]["code"] == "rate_limited" and body["error"]["details"] == []
    assert props["VisibilityConfig"]["SampledRequestsEnabled"] is False  # samples would show paths and addresses
    (association,) = on.of_type("AWS::WAFv2::WebACLAssociation").values()
    assert ref_name(association["Properties"]["WebACLArn"]) == acl_name
    arn = association["Properties"]["ResourceArn"]["Fn::Sub"]
    assert arn.endswith("/restapis/${RestApi}/stages/${RestApiprodStage}")
    assert not off.of_type("AWS::WAFv2::WebACL") and not off.of_type("AWS::WAFv2::WebACLAssociation")


# --- item: least privilege ----------------------------------------------------------------------------------------


def test_no_policy_the_stack_creates_allows_every_resource(deployed: Deployed) -> None:
    statements = policy_statements(deployed)

    assert len(statements) > 15
    wide = [
        (name, s.get("Sid"))
        for name, _kind, s in statements
        if s["Effect"] == "Allow" and ("*" in as_list(s.get("Resource", [])) or "NotResource" in s)
    ]
    assert wide == []


def test_no_role_uses_the_managed_policy_that_reads_every_stream(deployed: Deployed) -> None:
    roles = deployed.of_type("AWS::IAM::Role")
    managed = [str(arn) for role in roles.values() for arn in role["Properties"].get("ManagedPolicyArns", [])]

    assert not any("AWSLambdaDynamoDBExecutionRole" in arn for arn in managed), managed


@pytest.mark.parametrize("function_name", ["OnInterviewChangeFunction", "PublishEventsFunction"])
def test_stream_function_reads_this_tables_stream_only(deployed: Deployed, function_name: str) -> None:
    function = deployed.props(function_name)
    role = ref_name(function["Role"])
    (mapping,) = [
        m
        for m in deployed.of_type("AWS::Lambda::EventSourceMapping").values()
        if function_name in json.dumps(m["Properties"]["FunctionName"])
    ]
    stream = mapping["Properties"]["EventSourceArn"]

    reads = [
        s
        for name, _kind, s in policy_statements(deployed)
        if name == role and "dynamodb:GetRecords" in as_list(s["Action"])
    ]
    assert reads and all(as_list(s["Resource"]) == [stream] for s in reads), reads


def test_event_publisher_may_put_events_on_this_stacks_bus_only(deployed: Deployed) -> None:
    puts = [(n, s) for n, _k, s in policy_statements(deployed) if "events:PutEvents" in as_list(s["Action"])]

    assert [n for n, _ in puts] == ["PublishEventsFunctionRole"]
    assert all(as_list(s["Resource"]) == [{"Fn::GetAtt": ["EventBus", "Arn"]}] for _, s in puts)


def test_scheduler_may_assume_its_role_only_for_this_stacks_schedule_group(deployed: Deployed) -> None:
    trust = deployed.props("SchedulerRole")["AssumeRolePolicyDocument"]["Statement"]

    (statement,) = [s for s in trust if s["Principal"] == {"Service": "scheduler.amazonaws.com"}]
    conditions = {k: v for op in statement["Condition"].values() for k, v in op.items()}
    assert ref_name(conditions["aws:SourceArn"]) == "DeliverySchedules"
    assert conditions["aws:SourceArn"] == {"Fn::GetAtt": ["DeliverySchedules", "Arn"]}
    assert ref_name(conditions["aws:SourceAccount"]) == "AWS::AccountId"


def test_sending_email_is_allowed_only_from_the_sender_address(deployed: Deployed) -> None:
    sends = [(n, s) for n, _k, s in policy_statements(deployed) if "ses:SendEmail" in as_list(s["Action"])]

    assert len(sends) >= 2
    for name, statement in sends:
        assert ref_name(statement["Condition"]["StringEquals"]["ses:FromAddress"]) == "SenderAddress", name


def test_no_queue_policy_and_no_role_granted_the_same_queue_twice(deployed: Deployed) -> None:
    # The one queue policy: EventBridge may send to the webhook queue, from this stack's webhook rule only (an SQS
    # target of a rule takes no role).
    (policy,) = deployed.of_type("AWS::SQS::QueuePolicy").values()
    (statement,) = policy["Properties"]["PolicyDocument"]["Statement"]
    assert policy["Properties"]["Queues"] == [{"Ref": "WebhookQueue"}]
    assert statement["Principal"] == {"Service": "events.amazonaws.com"} and statement["Action"] == "sqs:SendMessage"
    assert statement["Condition"] == {"ArnEquals": {"aws:SourceArn": {"Fn::GetAtt": ["WebhookRule", "Arn"]}}}
    for role in deployed.of_type("AWS::IAM::Role"):
        queues = [
            json.dumps(r, sort_keys=True)
            for name, _k, s in policy_statements(deployed)
            if name == role and "sqs:SendMessage" in as_list(s["Action"])
            for r in as_list(s["Resource"])
        ]
        assert len(queues) == len(set(queues)), (role, queues)


def test_interviews_table_is_protected_from_deletion(deployed: Deployed) -> None:
    table = deployed.resources["InterviewsTable"]

    assert table["Properties"]["DeletionProtectionEnabled"] is True
    assert table["DeletionPolicy"] == "Retain"


# --- item: secrets ------------------------------------------------------------------------------------------------


def test_csrf_key_is_a_generated_secret_only_the_api_function_can_read(deployed: Deployed) -> None:
    (secret_name,) = deployed.of_type("AWS::SecretsManager::Secret")
    assert deployed.props(secret_name)["GenerateSecretString"]["PasswordLength"] >= 32
    env = deployed.props("ApiFunction")["Environment"]["Variables"]
    assert ref_name(env["CSRF_SECRET_ARN"]) == secret_name

    # Only the API function's role is allowed to read it...
    readers = {n for n, _k, s in policy_statements(deployed) if "secretsmanager:GetSecretValue" in as_list(s["Action"])}
    readers.discard(next(iter(deployed.of_type("AWS::SecretsManager::ResourcePolicy"))))
    assert readers == {"ApiFunctionRole"}
    # ...and the secret's own policy denies every other principal
    (policy,) = deployed.of_type("AWS::SecretsManager::ResourcePolicy").values()
    (deny,) = policy["Properties"]["ResourcePolicy"]["Statement"]
    assert deny["Effect"] == "Deny" and ref_name(deny["Resource"]) == secret_name
    assert deny["Condition"]["StringNotEquals"]["aws:PrincipalArn"] == {"Fn::GetAtt": ["ApiFunctionRole", "Arn"]}
    for name, function in deployed.of_type("AWS::Lambda::Function").items():
        variables = function["Properties"]["Environment"]["Variables"]
        assert "CSRF_SECRET" not in variables, name
        if name != "ApiFunction":
            assert "CSRF_SECRET_ARN" not in variables, name


# --- item: mail that stays deliverable ---------------------------------------------------------------------------


def test_bounces_complaints_and_rejects_of_this_configuration_set_reach_a_function(deployed: Deployed) -> None:
    (destination,) = deployed.of_type("AWS::SES::ConfigurationSetEventDestination").values()
    props = destination["Properties"]
    assert ref_name(props["ConfigurationSetName"]) == "EmailConfigurationSet"
    event_destination = props["EventDestination"]
    assert {"bounce", "complaint", "reject"} <= set(event_destination["MatchingEventTypes"])
    assert _sub_text(event_destination["EventBridgeDestination"]["EventBusArn"]).endswith(":event-bus/default")

    rules = [
        r["Properties"]
        for r in deployed.of_type("AWS::Events::Rule").values()
        if r["Properties"]["EventPattern"].get("source") == ["aws.ses"]
    ]
    assert len(rules) == 1
    pattern = rules[0]["EventPattern"]
    assert set(pattern["detail-type"]) == {"Email Bounced", "Email Complaint Received", "Email Rejected"}
    assert [ref_name(v) for v in pattern["detail"]["mail"]["tags"]["ses:configuration-set"]] == [
        "EmailConfigurationSet"
    ]
    (target,) = rules[0]["Targets"]
    assert deployed.resources[str(ref_name(target["Arn"]))]["Type"] in ("AWS::Lambda::Function", "AWS::Lambda::Alias")


def test_mail_from_domain_and_dns_records_are_outputs() -> None:
    default, off = Deployed(), Deployed(MailFromDomain="")
    identity = default.props("SenderEmailIdentity")

    mail_from = identity["MailFromAttributes"]["Fn::If"]
    assert mail_from[0] == "HasMailFromDomain" and ref_name(mail_from[1]["MailFromDomain"]) == "MailFromDomain"
    assert default.condition("HasMailFromDomain") and not off.condition("HasMailFromDomain")
    outputs = default.template["Outputs"]
    dkim = [o for name, o in outputs.items() if name.startswith("Dkim")]
    assert len(dkim) == 3
    for n, output in enumerate(dkim, start=1):
        text = output["Value"]["Fn::Sub"]
        assert f"DkimDNSTokenName{n}" in text and f"DkimDNSTokenValue{n}" in text and "CNAME" in text
    assert re.search(r"MX 10 feedback-smtp\.", outputs["MailFromMxRecord"]["Value"]["Fn::Sub"])
    assert "include:amazonses.com" in outputs["MailFromSpfRecord"]["Value"]["Fn::Sub"]


def test_the_api_definition_routes_exactly_the_api_functions_events_to_its_alias() -> None:
    # The definition is inline (so the throttle's gateway response is part of every deployment): each route of
    # ApiFunction's events must be in it, every method to the function's alias, and nothing else.
    from local_stack.cfn import load_template

    resources = load_template()["Resources"]
    body = resources["RestApi"]["Properties"]["DefinitionBody"]
    events = resources["ApiFunction"]["Properties"]["Events"].values()
    assert {e["Properties"]["Path"] for e in events if e["Type"] == "Api"} == set(body["paths"])
    assert all(e["Properties"]["Method"] == "ANY" for e in events if e["Type"] == "Api")
    for path, methods in body["paths"].items():
        assert set(methods) == {"x-amazon-apigateway-any-method"}, path
        integration = methods["x-amazon-apigateway-any-method"]["x-amazon-apigateway-integration"]
        assert integration["type"] == "aws_proxy" and integration["httpMethod"] == "POST"
        assert "functions/${ApiFunctionAliaslive}/invocations" in _sub_text(integration["uri"]), path
    assert resources["RestApi"]["Properties"]["GatewayResponses"]["THROTTLED"]["StatusCode"] == 429
    assert "ThrottledResponse" not in resources  # a separate resource would be dropped by the next redeployment
