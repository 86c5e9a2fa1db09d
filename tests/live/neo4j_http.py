#!/usr/bin/env python3
"""Cypher for the live suites, sent straight to the server's HTTP endpoint (3.x's
/db/data/transaction), so their checks never go through the code under test.

  neo4j_http.py URI query STATEMENT   runs STATEMENT and commits; prints the first column of each
                                      row, one per line (strings as they are, the rest as JSON)
  neo4j_http.py URI open STATEMENT    runs STATEMENT in a transaction left open; prints the
                                      address that commits it
  neo4j_http.py URI commit ADDRESS    commits a transaction `open` left
"""
import json
import sys
import urllib.request


def post(url, statements):
    body = json.dumps({"statements": [{"statement": s} for s in statements]}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    answer = json.load(urllib.request.urlopen(request))
    if answer["errors"]:
        sys.exit("cypher failed: %s" % answer["errors"])
    return answer


def main():
    uri, action, argument = sys.argv[1:4]
    if action == "query":
        answer = post(uri + "/db/data/transaction/commit", [argument])
        for row in answer["results"][0]["data"]:
            value = row["row"][0]
            print(json.dumps(value) if not isinstance(value, str) else value)
    elif action == "open":
        print(post(uri + "/db/data/transaction", [argument])["commit"])
    elif action == "commit":
        post(argument, [])
    else:
        sys.exit("unknown action: " + action)


if __name__ == "__main__":
    main()
