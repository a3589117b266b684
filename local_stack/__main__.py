"""`python -m local_stack` (what `make run` starts): the whole service on one machine, on moto."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from local_stack.server import ANSWERS_AT, bind, log, serve


def main() -> int:
    port = int(os.environ.get("PORT", "3000"))  # 0: a free port, chosen when it is taken (and logged)
    host = os.environ.get("HOST", "127.0.0.1")
    key = os.environ.get("LOCAL_API_KEY", "local-dev-key")
    try:
        # Taken first, before anything else starts, and not listened on until the stack is ready: no one else can
        # take the port meanwhile, and a readiness check is refused rather than answered by something else.
        server = bind(host, port)
    except OSError as exc:
        log(
            f"cannot use {host}:{port} ({exc.strerror}): stop what uses it, or choose another port (PORT=3001 make run)"
        )
        return 1
    port = server.server_address[1]
    base = f"http://{host}:{port}"
    log(f"{ANSWERS_AT} {base} once ready")
    from tools.catalogs import compile_catalogs

    for compiled in compile_catalogs():  # what `make build` does before packaging: the .mo files from the .po files
        log(f"compiled {compiled.name} ({compiled.parent.parent.name})")
    log("starting moto (the embedded AWS) and provisioning it from template.yaml…")
    from local_stack.runtime import Runtime

    aws_port = int(os.environ.get("AWS_PORT") or 0)  # 0: a free port, chosen by moto's server when it binds
    if aws_port and not _can_bind(host="127.0.0.1", port=aws_port):
        log(f"cannot use 127.0.0.1:{aws_port} for the embedded AWS: stop what uses it, or unset AWS_PORT")
        return 1
    runtime = Runtime(public_base_url=base, aws_port=aws_port).start()
    assert runtime.stack is not None
    from local_stack.cfn import PROVISIONED

    made = [n for n, r in runtime.stack.resources.items() if r["Type"] in PROVISIONED]
    log(f"provisioned: {', '.join(made)}")
    log("compiling the templates and validating the playbook, as `make build` does…")
    from tools.precompile import precompile

    precompile()
    log("loading the functions…")
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.domain import clock
    from interview_prep.services import access

    access.import_api_key(InterviewStore(settings().table_name), key, "Local Tools", now=clock.now())
    try:
        serve(server, runtime)
    except OSError as exc:  # another process listens on it since (two stacks started at once on one port)
        log(f"cannot listen on {base} ({exc.strerror}): stop what uses it, or choose another port (PORT=3001 make run)")
        runtime.stop()
        return 1
    stop = threading.Event()

    def ticker() -> None:
        while not stop.wait(1.0):
            try:
                runtime.tick()
            except Exception as exc:
                log(f"scheduler tick failed: {type(exc).__name__}")

    ticking = threading.Thread(target=ticker, name="ticker")
    ticking.start()
    example = (
        f"curl -s -X POST {base}/v1/interviews -H 'Authorization: Bearer {key}' -H 'Content-Type: application/json' "
        '-d \'{"candidate": {"name": "Sam Rivera", "email": "sam@example.com"}, "company": {"name": '
        '"Acme"}, "role": "Data Analyst", "starts_at": "' + _in_days(5) + '", "timezone": "America/Toronto", '
        '"interviewers": [{"name": "Dana Lee", "relationship": "hiring_manager"}]}\''
    )
    print(
        f"""
Interview Prep is running (local stack, no AWS account needed).

  Web form:      {base}/
  API:           {base}/v1   (OpenAPI: {base}/v1/openapi.json)
  API key:       {key}        (LOCAL_API_KEY)
  Outbox:        {base}/_local/outbox
  Schedules:     {base}/_local/schedules.json
  Events:        {base}/_local/events.json
  AWS (moto):    {runtime.aws_endpoint}   (AWS_PORT; for tools such as the admin command)
  New API key:   .venv/bin/python -m interview_prep.admin --endpoint-url {runtime.aws_endpoint} create-api-key --owner "Acme"
  Jump ahead:    curl -s -X POST {base}/_local/scheduler/run -d '{{"until": "{_in_days(7)}:00+00:00"}}'

Record an example interview:
  {example}

Ctrl-C stops everything.
""",
        flush=True,
    )
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.is_set():
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    log("stopping: answering the requests in flight…")
    stop.set()
    runtime.stopping.set()  # a scheduler run in progress stops before its next delivery
    server.stop()
    ticking.join()
    runtime.stop()
    log("stopped")
    return 0


def _can_bind(*, host: str, port: int) -> bool:
    """Whether `port` is free now (moto's server, which takes it in a thread, would wait forever if it is not)."""
    import socket

    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _in_days(days: int) -> str:
    import datetime as dt

    return (dt.datetime.now() + dt.timedelta(days=days)).strftime("%Y-%m-%dT10:00")


if __name__ == "__main__":
    sys.exit(main())
