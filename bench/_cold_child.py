"""One cold start in a fresh interpreter: `python -I -S bench/_cold_child.py SPEC.json` (stdlib only up to the import).

Run by `bench.coldstart` with no site-packages: `sys.path` is exactly the spec's (the function's folder, the layer,
the layer's dependencies and the runtime's boto3), as in a Lambda sandbox. Times the import of the handler module
and its first response; AWS answers from canned responses (a botocore `before-send` hook, as moto uses, with none of
moto's import cost). Writes the result as JSON to the spec's `out`.
"""

import io
import json
import os
import sys
import time

del sys.path[0]  # this script's folder: nothing from bench/ may shadow what the handler imports


class _Raw(io.BytesIO):
    def stream(self, **_):  # what botocore reads a response body with
        chunk = self.read()
        while chunk:
            yield chunk
            chunk = self.read()


class CannedAws:
    """Answers each AWS call with the next canned response for its `service.Operation` (the last one repeats)."""

    def __init__(self, responses):
        self.responses = {k: list(v) for k, v in responses.items()}
        self.calls = []

    def __call__(self, event_name, request, **_):
        from botocore.awsrequest import AWSResponse

        _, service, operation = event_name.split(".", 2)
        key = f"{service}.{operation}"
        self.calls.append(key)
        queue = self.responses.get(key)
        if not queue:
            raise RuntimeError(f"bench: no canned response for {key}")
        spec = queue.pop(0) if len(queue) > 1 else queue[0]
        headers = {"content-type": "application/x-amz-json-1.0", **spec.get("headers", {})}
        body = json.dumps(spec.get("body", {})).encode()
        return AWSResponse(request.url, spec.get("status", 200), headers, _Raw(body))


class Context:
    def __init__(self, name):
        self.function_name = name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = 256
        self.invoked_function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{name}"
        self.aws_request_id = "00000000-0000-4000-8000-000000000000"
        self.log_group_name = f"/aws/lambda/{name}"
        self.log_stream_name = "bench"
        self._deadline = time.monotonic() + 30

    def get_remaining_time_in_millis(self):
        return int((self._deadline - time.monotonic()) * 1000)


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    sys.path[0:0] = spec["path"]
    os.environ.update(spec["env"])
    before = len(sys.modules)

    start, start_cpu = time.perf_counter(), time.process_time()
    module = __import__(spec["module"])
    imported, imported_cpu = time.perf_counter(), time.process_time()

    aws = CannedAws(spec.get("responses", {}))
    from botocore.handlers import BUILTIN_HANDLERS  # already imported by the handler or boto3

    BUILTIN_HANDLERS.append(("before-send", aws))
    context = Context(spec["function_name"])
    ready, ready_cpu = time.perf_counter(), time.process_time()
    response = module.lambda_handler(spec["event"], context)
    answered, answered_cpu = time.perf_counter(), time.process_time()

    result = {
        "import_ms": (imported - start) * 1000,
        "first_ms": (answered - ready) * 1000,
        "import_cpu_ms": (imported_cpu - start_cpu) * 1000,
        "first_cpu_ms": (answered_cpu - ready_cpu) * 1000,
        "modules": len(sys.modules) - before,
        "calls": aws.calls,
        "response": response if isinstance(response, dict) else repr(response),
    }
    with open(spec["out"], "w", encoding="utf-8") as handle:
        json.dump(result, handle, default=str)


main()
