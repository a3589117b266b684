"""Operator commands: API keys for tools.

    python -m interview_prep.admin create-api-key --owner "Acme Recruiting"
    python -m interview_prep.admin list-api-keys
    python -m interview_prep.admin revoke-api-key KEY_ID

Against a real account, with the usual AWS credentials and `--table` (the stack's `InterviewsTableName`
output) or `TABLE_NAME`; against the local stack, with the `--endpoint-url` that `make run` prints.
A key is printed once; only its SHA-256 hash is stored.
"""

from __future__ import annotations

import argparse
import os
import sys

from interview_prep.domain import clock
from interview_prep.services import access


def _store(args: argparse.Namespace) -> access.InterviewStore:
    import boto3

    from interview_prep.adapters import aws

    if args.endpoint_url:
        os.environ["AWS_ENDPOINT_URL"] = args.endpoint_url
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    if args.region:
        os.environ["AWS_DEFAULT_REGION"] = args.region
    os.environ.setdefault("AWS_DEFAULT_REGION", boto3.session.Session().region_name or "us-east-1")
    aws.clear_clients()
    return access.InterviewStore(args.table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m interview_prep.admin", description="Manage API keys.")
    parser.add_argument("--table", default=os.environ.get("TABLE_NAME", "InterviewsTable"), help="the interviews table")
    parser.add_argument("--endpoint-url", default=None, help="an AWS endpoint (the local stack's, for example)")
    parser.add_argument("--region", default=None)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-api-key", help="create a key for an owner; it is printed once")
    create.add_argument("--owner", required=True, help="who the key's interviews belong to, e.g. 'Acme Recruiting'")
    commands.add_parser("list-api-keys", help="list keys (ids, owners, dates; never the keys)")
    revoke = commands.add_parser("revoke-api-key", help="revoke a key at once")
    revoke.add_argument("key_id")
    args = parser.parse_args(argv)
    store = _store(args)
    now = clock.now()
    if args.command == "create-api-key":
        try:
            key_id, key = access.create_api_key(store, args.owner, now=now)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"key id: {key_id}\nowner:  {args.owner.strip()}\nkey:    {key}\n")
        print("Store the key now: it is not kept and cannot be shown again. Send it as 'Authorization: Bearer <key>'.")
        return 0
    if args.command == "list-api-keys":
        rows = list(store.api_keys())
        if not rows:
            print("no API keys")
        for row in rows:
            state = f"revoked {row['revoked_at']}" if row.get("revoked_at") else "active"
            print(f"{row['key_id']}  {row['created_at']}  {state:<34}  {row['owner']}")
        return 0
    if access.revoke_api_key(store, args.key_id, now=now):
        print(f"revoked {args.key_id}")
        return 0
    print(f"error: no API key with id {args.key_id}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
