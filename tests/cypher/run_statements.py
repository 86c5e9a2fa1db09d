#!/usr/bin/env python3
"""Runs rendered statements (JSONL on stdin, from `cypher_dump --server`) one by one in
auto-commit requests against a Neo4j 3.x HTTP endpoint. A statement must succeed unless it is
marked expect_error (a step unsupported_reason refuses for this server), which must fail: that
proves the refusal is real. Free `cypher/...` samples are the user's own 5.x text and are left out.
Usage: run_statements.py URI"""
import json
import sys
import urllib.request


def run(uri, statement):
    body = json.dumps({"statements": [statement]}).encode()
    request = urllib.request.Request(uri + "/db/data/transaction/commit", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["errors"]


def main():
    uri = sys.argv[1]
    passed = failed = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        record = json.loads(line)
        if record["sample"].startswith("cypher/"):
            continue
        errors = run(uri, {"statement": record["text"], "parameters": record["params"]})
        if record["expect_error"] and not errors:
            failed += 1
            print(f"FAIL {record['sample']}: refused ({record['reason']}) but the server ran it")
            print(f"  {record['text']}")
        elif not record["expect_error"] and errors:
            failed += 1
            print(f"FAIL {record['sample']}: {errors[0]['code']}: {errors[0]['message']}")
            print(f"  {record['text']}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    if passed + failed == 0:
        print("no statements on stdin")
        return 1
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
