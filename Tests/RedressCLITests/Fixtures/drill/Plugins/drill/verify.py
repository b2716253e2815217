"""Fixture verifier: stands in for the user passing 2FA by asking the sandbox wallet for a proof
(`redress sandbox proof USER ORDER`), so a drill's runs reach their money step with no person."""
import json
import os
import subprocess
import sys

request = json.load(sys.stdin)
parameters = request["parameters"]
issued = subprocess.run(
    [os.environ["DRILL_REDRESS"], "sandbox", "proof", parameters["user_id"], parameters["order_id"], "--state", os.environ["DRILL_STATE"]],
    check=True, capture_output=True, text=True)
proof = json.loads(issued.stdout)
if os.environ.get("DRILL_FORGE"):
    # A verifier gone wrong: it claims success with a proof the wallet never issued.
    proof["proof"] = "prf_forged-by-a-broken-verifier"
json.dump({"outcome": "verified", "output": {"proof": proof["proof"], "proof_expires_at": proof["expires_at"]}}, sys.stdout)
