#!/usr/bin/env python3
"""risk.score: a Redress external step handler (protocol 1).

Reads one JSON request on stdin and writes one JSON answer on stdout. Decimals arrive as
strings ("12.50") so money is never a float; this handler changes nothing, so a dry run is the
same computation.
"""
import json
import sys
from decimal import Decimal, InvalidOperation


def score(parameters):
    amount = Decimal(parameters["amount"])
    reasons = []
    points = 0
    if amount >= Decimal("5000"):
        points += 40
        reasons.append("amount of 5000 or more")
    elif amount >= Decimal("1000"):
        points += 20
        reasons.append("amount of 1000 or more")
    if parameters.get("account_age_days", 365) < 30:
        points += 25
        reasons.append("account younger than 30 days")
    failed = parameters.get("failed_attempts_24h", 0)
    if failed >= 3:
        points += 25
        reasons.append(f"{failed} failed payments in 24 hours")
    if parameters.get("new_device", False):
        points += 15
        reasons.append("new device")
    points = min(points, 100)
    band = "high" if points >= 70 else "medium" if points >= 30 else "low"
    return band, {"score": points, "band": band, "reasons": reasons}


def main():
    try:
        request = json.load(sys.stdin)
    except json.JSONDecodeError as error:
        print(json.dumps({"error": {"class": "fatal", "message": f"unreadable request: {error}"}}))
        return
    if request.get("protocol") != 1:
        print(json.dumps({"error": {"class": "fatal", "message": "unsupported protocol version"}}))
        return
    try:
        outcome, output = score(request["parameters"])
    except (KeyError, InvalidOperation) as error:
        print(json.dumps({"error": {"class": "fatal", "message": f"bad parameters: {error}"}}))
        return
    print(f"scored {request['parameters']['order_id']}: {output['score']}", file=sys.stderr)
    print(json.dumps({"outcome": outcome, "output": output}))


if __name__ == "__main__":
    main()
