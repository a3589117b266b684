"""One cold start in a fresh interpreter: `python -I -S bench/_cold_child.py SPEC` (nothing imported up to the import).

Run by `bench.coldstart` with no site-packages: `sys.path` is exactly the spec's (the function's folder, the layer,
the layer's dependencies and the runtime's boto3), as in a Lambda sandbox. Times the import of the handler module
and its first response; AWS answers from canned responses (a botocore `before-send` hook, as moto uses, with none of
moto's import cost).

Everything the handler needs is imported inside the timed window, by the handler: the spec and the result are
`marshal` data (built in, already loaded at interpreter start, unlike `json`), and the canned-response hook joins
botocore's built-in handlers from an import hook, at the moment the handler's own import of `botocore.handlers`
finishes — never by importing botocore here. With `SPEC` alone and `mode == "empty"`, the child stops right before
the import: its instruction count (callgrind) is what every child spends outside the window.

Either way the child leaves with `os._exit` once its result is written, as a Lambda sandbox is frozen after its
response: the interpreter's teardown (freeing every module and object, more of them the more a handler imported) is
no part of a cold start, and callgrind, which counts the whole process, would count it otherwise.
"""

import io
import marshal
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
        from botocore.awsrequest import AWSResponse  # loaded already: botocore sends through it

        _, service, operation = event_name.split(".", 2)
        key = f"{service}.{operation}"
        self.calls.append(key)
        queue = self.responses.get(key)
        if not queue:
            raise RuntimeError(f"bench: no canned response for {key}")
        status, headers, body = queue.pop(0) if len(queue) > 1 else queue[0]
        return AWSResponse(request.url, status, headers, _Raw(body))


class HookOnImport:
    """A `sys.meta_path` finder that appends `hook` to botocore's built-in handlers once `botocore.handlers` has run.

    A botocore Session copies BUILTIN_HANDLERS when it is created, so the hook must be there before the handler's
    first Session: right after the module that defines the list executes, whoever imports it and whenever.
    """

    def __init__(self, hook):
        self.hook = hook
        self.installed = False

    def find_spec(self, name, path, target=None):
        if name != "botocore.handlers":
            return None
        sys.meta_path.remove(self)
        for finder in sys.meta_path:
            spec = finder.find_spec(name, path, target) if hasattr(finder, "find_spec") else None
            if spec is not None:
                break
        else:
            return None
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            module.BUILTIN_HANDLERS.append(("before-send", self.hook))
            self.installed = True

        spec.loader.exec_module = exec_module
        return spec


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


def _plain(value):
    """The response as marshal data (dicts, lists, strings, numbers: a defaultdict becomes a dict), else its repr."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    return repr(value)


def main():
    with open(sys.argv[1], "rb") as handle:
        spec = marshal.load(handle)  # noqa: S302 - written by bench.coldstart into its own temporary folder
    sys.path[0:0] = spec["path"]
    os.environ.update(spec["env"])
    aws = CannedAws(spec["responses"])
    hook = HookOnImport(aws)
    sys.meta_path.insert(0, hook)
    context = Context(spec["function_name"])
    loaded_before = sorted(sys.modules)
    if spec.get("mode") == "empty":
        with open(spec["out"], "wb") as handle:
            marshal.dump({"loaded_before": loaded_before}, handle)
        _leave()

    start, start_cpu = time.perf_counter(), time.process_time()
    module = __import__(spec["module"])
    imported, imported_cpu = time.perf_counter(), time.process_time()
    response = module.lambda_handler(spec["event"], context)
    answered, answered_cpu = time.perf_counter(), time.process_time()

    result = {
        "import_ms": (imported - start) * 1000,
        "first_ms": (answered - imported) * 1000,
        "import_cpu_ms": (imported_cpu - start_cpu) * 1000,
        "first_cpu_ms": (answered_cpu - imported_cpu) * 1000,
        "modules": len(sys.modules) - len(loaded_before),
        "loaded_before": loaded_before,
        "calls": aws.calls,
        "hooked": hook.installed,
        "response": _plain(response),
    }
    with open(spec["out"], "wb") as handle:
        marshal.dump(result, handle)
    _leave()


def _leave():
    """Exit now, without the interpreter's teardown (what the handler printed is flushed first)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


main()
