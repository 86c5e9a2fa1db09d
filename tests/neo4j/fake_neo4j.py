#!/usr/bin/env python3
"""A loopback protocol fake of Neo4j's HTTP endpoint families, for client tests.

It speaks the documented shapes of the Query API (/db/{db}/query/v2, explicit transactions under
/query/v2/tx), the transactional HTTP API (/db/{db}/tx, /tx/commit) and the 3.x endpoint
(/db/data/transaction). It does not run Cypher: every statement is recorded, answered with a
scripted result (or an empty one), and "committed" means appended to the committed log that a
test reads back. Faults are queued by the test:

  POST /_fake/faults   [{"method": "POST", "path": "regex", "action": "...", "times": 1, ...}]
      a fault with "body": "substring" hits only requests whose body contains it
      action: status         answer `status` (e.g. 503) with a non-Neo4j body
              transient      answer a Neo.TransientError (the transaction, if any, is rolled back)
              drop           close the connection without an answer; with "after": true the
                             request is carried out first (the outcome is unknown to the client)
              expire         the addressed transaction expires before the request is handled
              error_in_body  answer with the success status (200/201/202) and `code`/`message`
                             in `errors`
              delay          wait `ms` milliseconds, then answer normally
  POST /_fake/rules    [{"match": "substring", "columns": [...], "rows": [[...]],
                         "counters": {"nodes_created": 1}} | {"match": ..., "error": {code, message}}]
  POST /_fake/config   {"tx_timeout": seconds}
  GET  /_fake/state    {"committed": [...], "requests": [...], "open_transactions": [...],
                        "connections": n}
  POST /_fake/reset

Usage: fake_neo4j.py [--port 0] [--family query|tx|v3] [--version V] [--edition E]
                     [--user U --password P] [--token T] [--databases neo4j,system]
Prints "listening on http://127.0.0.1:PORT" once it accepts connections.
"""
import argparse
import base64
import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {}
OPTIONS = None


def reset_state():
    STATE.clear()
    STATE.update(
        committed=[],
        requests=[],
        faults=[],
        rules=[],
        transactions={},  # id -> {"statements": [...], "deadline": t}
        next_tx=1,
        bookmark=0,
        clients=set(),
        tx_timeout=30.0,
    )


def camel(name):
    parts = name.split("_")
    return parts[0] + "".join(p.title() for p in parts[1:])


class Reply(Exception):
    """Raised to answer a request early: status, JSON body, extra headers."""

    def __init__(self, status, body, headers=None):
        super().__init__(status)
        self.status, self.body, self.headers = status, body, headers or {}


class Drop(Exception):
    pass


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    # -- plumbing --------------------------------------------------------------------------
    def base(self):
        return "http://%s:%d" % self.server.server_address[:2]

    def send_json(self, status, body, headers=None):
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if not isinstance(body, bytes)
                         else "text/html")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_DELETE(self):
        self.handle_any("DELETE")

    def handle_any(self, method):
        raw = self.read_body()
        path = self.path.split("?")[0]
        if path.startswith("/_fake/"):
            return self.control(method, path, raw)
        with LOCK:
            STATE["clients"].add(self.client_address[1])
            STATE["requests"].append({
                "method": method, "path": path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": raw.decode("utf-8", "replace"),
            })
            # Edition detection during discovery is not what a test aims its faults at.
            fault = None if b"dbms.components" in raw else self.take_fault(method, path, raw)
        after = False
        try:
            if fault:
                action = fault["action"]
                if action == "drop" and not fault.get("after"):
                    raise Drop()
                if action == "drop":
                    after = True
                elif action == "status":
                    raise Reply(fault.get("status", 503), b"<html>Service Unavailable</html>")
                elif action == "delay":
                    time.sleep(fault.get("ms", 100) / 1000.0)
            status, body, headers = self.route(method, path, raw, fault)
            if after:
                raise Drop()
            self.send_json(status, body, headers)
        except Reply as reply:
            self.send_json(reply.status, reply.body, reply.headers)
        except Drop:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def take_fault(self, method, path, raw):
        for fault in STATE["faults"]:
            if fault.get("times", 1) <= 0:
                continue
            if fault.get("method") and fault["method"] != method:
                continue
            if fault.get("path") and not re.search(fault["path"], path):
                continue
            if fault.get("body") and fault["body"] not in raw.decode("utf-8", "replace"):
                continue
            fault["times"] = fault.get("times", 1) - 1
            return dict(fault)
        return None

    def control(self, method, path, raw):
        payload = json.loads(raw) if raw else None
        with LOCK:
            if path == "/_fake/reset":
                reset_state()
            elif path == "/_fake/faults":
                STATE["faults"].extend(payload)
            elif path == "/_fake/rules":
                STATE["rules"].extend(payload)
            elif path == "/_fake/config":
                STATE["tx_timeout"] = float(payload.get("tx_timeout", STATE["tx_timeout"]))
            elif path == "/_fake/state":
                return self.send_json(200, {
                    "committed": STATE["committed"],
                    "requests": STATE["requests"],
                    "open_transactions": sorted(STATE["transactions"].keys()),
                    "connections": len(STATE["clients"]),
                })
        self.send_json(200, {})

    # -- Neo4j -----------------------------------------------------------------------------
    def route(self, method, path, raw, fault):
        family = OPTIONS.family
        if method == "GET" and path == "/":
            return 200, self.discovery(), {}
        if family == "v3" and method == "GET" and path == "/db/data/":
            self.check_auth()
            return 200, {"transaction": self.base() + "/db/data/transaction",
                         "neo4j_version": OPTIONS.version}, {}
        if family == "query":
            m = re.fullmatch(r"/db/([^/]+)/query/v2(/tx(?:/([^/]+)(/commit)?)?)?", path)
        elif family == "tx":
            m = re.fullmatch(r"/db/([^/]+)/tx(?:(/commit)|/([^/]+)(/commit)?)?", path)
        else:
            m = re.fullmatch(r"/db/data/transaction(?:(/commit)|/([^/]+)(/commit)?)?", path)
        if not m:
            raise Reply(404, b"<html>Not Found</html>")
        self.check_auth()
        if family == "v3":
            db = "neo4j"
            autocommit, tx_id, commit = m.group(1), m.group(2), m.group(3)
            begin = not autocommit and not tx_id
        elif family == "tx":
            db = m.group(1)
            autocommit, tx_id, commit = m.group(2), m.group(3), m.group(4)
            begin = not autocommit and not tx_id
        else:
            db = m.group(1)
            in_tx, tx_id, commit = m.group(2), m.group(3), m.group(4)
            autocommit = not in_tx
            begin = in_tx and not tx_id
        if db not in OPTIONS.databases:
            raise Reply(404, {"errors": [{
                "code": "Neo.ClientError.Database.DatabaseNotFound",
                "message": "Database does not exist. Database name: '%s'." % db}]})
        statements = self.statements(raw)
        with LOCK:
            if tx_id is not None and fault and fault["action"] == "expire":
                STATE["transactions"].pop(tx_id, None)
            self.expire_idle()
            if autocommit:
                return self.autocommit(statements, fault)
            if begin:
                return self.begin(db, statements, fault)
            if tx_id not in STATE["transactions"]:
                raise self.error(404, "Neo.ClientError.Transaction.TransactionNotFound",
                                 "Unrecognized transaction id. Transaction may have timed out "
                                 "and been rolled back.")
            if method == "DELETE":
                STATE["transactions"].pop(tx_id)
                return self.ok_status("run"), self.envelope([]), {}
            return self.continue_tx(db, tx_id, statements, bool(commit), fault)

    def discovery(self):
        base = self.base()
        if OPTIONS.family == "v3":
            return {"management": base + "/db/manage/", "data": base + "/db/data/"}
        doc = {
            "bolt_routing": "neo4j://127.0.0.1:7687",
            "transaction": base + "/db/{databaseName}/tx",
            "bolt_direct": "bolt://127.0.0.1:7687",
            "neo4j_version": OPTIONS.version,
            "neo4j_edition": OPTIONS.edition,
        }
        if OPTIONS.family == "query":
            doc["query"] = base + "/db/{databaseName}/query/v2"
        return doc

    def check_auth(self):
        given = self.headers.get("Authorization", "")
        if OPTIONS.token:
            expected = "Bearer " + OPTIONS.token
        elif OPTIONS.user:
            expected = "Basic " + base64.b64encode(
                ("%s:%s" % (OPTIONS.user, OPTIONS.password)).encode()).decode()
        else:
            return
        if given != expected:
            raise self.error(401, "Neo.ClientError.Security.Unauthorized",
                             "Invalid username or password.")

    def error(self, status, code, message):
        return Reply(status, {"errors": [{"code": code, "message": message}]}
                     if OPTIONS.family == "query" else
                     {"results": [], "errors": [{"code": code, "message": message}]})

    def statements(self, raw):
        if not raw:
            return []
        body = json.loads(raw)
        if OPTIONS.family == "query":
            if "statement" in body:
                return [{"statement": body["statement"], "parameters": body.get("parameters", {})}]
            return []
        return [{"statement": s["statement"], "parameters": s.get("parameters", {})}
                for s in body.get("statements", [])]

    def ok_status(self, kind):
        if OPTIONS.family == "query":
            return 202 if kind != "begin" else 202
        return 201 if kind == "begin" else 200

    def execute(self, statement):
        """A scripted result for one statement, or a Reply carrying its error."""
        text = statement["statement"]
        for rule in STATE["rules"]:
            if rule["match"] in text and rule.get("times", 1) != 0:
                if "times" in rule:
                    rule["times"] -= 1
                if "error" in rule:
                    return None, rule["error"]
                return {"columns": rule.get("columns", []), "rows": rule.get("rows", []),
                        "counters": rule.get("counters", {})}, None
        if "dbms.components" in text:
            return {"columns": ["edition"], "rows": [[OPTIONS.edition]], "counters": {}}, None
        return {"columns": [], "rows": [], "counters": {}}, None

    def result_json(self, result):
        counters = {"contains_updates": any(v for v in result["counters"].values())}
        for name in ("nodes_created", "nodes_deleted", "properties_set", "relationships_created",
                     "relationships_deleted", "labels_added", "labels_removed", "indexes_added",
                     "indexes_removed", "constraints_added", "constraints_removed"):
            counters[name] = result["counters"].get(name, 0)
        if OPTIONS.family == "query":
            return {"data": {"fields": result["columns"], "values": result["rows"]},
                    "counters": {camel(k): v for k, v in counters.items()}}
        if OPTIONS.family == "v3":
            counters["relationship_deleted"] = counters.pop("relationships_deleted")
        return {"columns": result["columns"],
                "data": [{"row": row, "meta": [None] * len(row)} for row in result["rows"]],
                "stats": counters}

    def envelope(self, results, errors=None, extra=None):
        if OPTIONS.family == "query":
            body = dict(results[0]) if results else {}
            if errors:
                body = {"errors": errors}
        else:
            body = {"results": results, "errors": errors or []}
        body.update(extra or {})
        return body

    def run_all(self, statements, fault):
        """Runs statements; returns (results, errors). A transient fault fails the first one."""
        results = []
        if fault and fault["action"] == "transient":
            return results, [{"code": "Neo.TransientError.Transaction.DeadlockDetected",
                              "message": "ForsetiClient[1] can't acquire ExclusiveLock"}]
        if fault and fault["action"] == "error_in_body":
            return results, [{"code": fault.get("code", "Neo.ClientError.Statement.SyntaxError"),
                              "message": fault.get("message", "Invalid input")}]
        for statement in statements:
            result, error = self.execute(statement)
            if error:
                return results, [error]
            results.append(self.result_json(result))
        return results, None

    def failure_status(self, errors):
        if OPTIONS.family != "query":
            return 200
        code = errors[0]["code"]
        if code.startswith("Neo.TransientError"):
            return 503
        return 400

    def new_bookmark(self):
        STATE["bookmark"] += 1
        return "FB:fake-%d" % STATE["bookmark"]

    def bookmarks_field(self, bookmark):
        return {"bookmarks": [bookmark]} if OPTIONS.family == "query" else (
            {"lastBookmarks": [bookmark]} if OPTIONS.family == "tx" else {})

    def autocommit(self, statements, fault):
        results, errors = self.run_all(statements, fault)
        if errors:
            status = self.failure_status(errors)
            if fault and fault["action"] == "error_in_body":
                status = self.ok_status("run")
            return status, self.envelope(results, errors), {}
        # Reads of server metadata are not writes a test wants to see.
        STATE["committed"].extend(s for s in statements if "dbms.components" not in s["statement"])
        return self.ok_status("run"), self.envelope(
            results, extra=self.bookmarks_field(self.new_bookmark())), {}

    def expire_idle(self):
        now = time.monotonic()
        for tx_id in [t for t, tx in STATE["transactions"].items() if tx["deadline"] < now]:
            del STATE["transactions"][tx_id]

    def tx_fields(self, db, tx_id):
        expires = time.strftime("%a, %d %b %Y %H:%M:%S GMT",
                                time.gmtime(time.time() + STATE["tx_timeout"]))
        if OPTIONS.family == "query":
            return {"transaction": {"id": tx_id, "expires": expires}}
        prefix = "/db/data/transaction" if OPTIONS.family == "v3" else "/db/%s/tx" % db
        return {"commit": self.base() + "%s/%s/commit" % (prefix, tx_id),
                "transaction": {"expires": expires}}

    def begin(self, db, statements, fault):
        tx_id = "t%d" % STATE["next_tx"]
        STATE["next_tx"] += 1
        results, errors = self.run_all(statements, fault)
        if errors:
            status = self.ok_status("begin") if fault and fault["action"] == "error_in_body" \
                else self.failure_status(errors)
            return status, self.envelope(results, errors), {}
        STATE["transactions"][tx_id] = {"statements": list(statements),
                                        "deadline": time.monotonic() + STATE["tx_timeout"]}
        headers = {}
        if OPTIONS.family == "query":
            headers["neo4j-cluster-affinity"] = "affinity-" + tx_id
        else:
            prefix = "/db/data/transaction" if OPTIONS.family == "v3" else "/db/%s/tx" % db
            headers["Location"] = self.base() + "%s/%s" % (prefix, tx_id)
        return self.ok_status("begin"), self.envelope(results, extra=self.tx_fields(db, tx_id)), \
            headers

    def continue_tx(self, db, tx_id, statements, commit, fault):
        tx = STATE["transactions"][tx_id]
        if OPTIONS.family == "query" and self.headers.get("neo4j-cluster-affinity") != \
                "affinity-" + tx_id:
            raise self.error(400, "Neo.ClientError.Request.Invalid",
                             "Missing or wrong neo4j-cluster-affinity header.")
        results, errors = self.run_all(statements, fault)
        if errors:
            del STATE["transactions"][tx_id]  # Neo4j rolls back on any error
            status = self.ok_status("run") if fault and fault["action"] == "error_in_body" \
                else self.failure_status(errors)
            return status, self.envelope(results, errors), {}
        tx["statements"].extend(statements)
        tx["deadline"] = time.monotonic() + STATE["tx_timeout"]
        if commit:
            del STATE["transactions"][tx_id]
            STATE["committed"].extend(tx["statements"])
            return self.ok_status("run"), self.envelope(
                results, extra=self.bookmarks_field(self.new_bookmark())), {}
        return self.ok_status("run"), self.envelope(results, extra=self.tx_fields(db, tx_id)), {}


def main():
    global OPTIONS
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--family", choices=["query", "tx", "v3"], default="query")
    parser.add_argument("--version", default="5.26.0")
    parser.add_argument("--edition", default="community")
    parser.add_argument("--user", default="")
    parser.add_argument("--password", default="")
    parser.add_argument("--token", default="")
    parser.add_argument("--databases", default="neo4j,system")
    OPTIONS = parser.parse_args()
    OPTIONS.databases = OPTIONS.databases.split(",")
    reset_state()
    server = ThreadingHTTPServer(("127.0.0.1", OPTIONS.port), Handler)
    server.daemon_threads = True
    print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
