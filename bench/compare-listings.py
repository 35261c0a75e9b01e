#!/usr/bin/env python3
"""Compares the tests two `dotnet test --list-tests --diag DIR/log.txt` runs sent to vstest.console.

  bench/compare-listings.py BEFORE/log.txt AFTER/log.txt

Reads every TestDiscovery.TestFound message vstest.console received (its --diag log) and prints, for each listing, the
tests' count and the mean length of xUnit's serialization and of each test's JSON; then how many tests are identical in
both: VSTest Id, fully qualified name, display name and every property but the serialization (traits, xUnit's unique id,
managed type and method, explicit flag). xUnit v3 ids include the test assembly's path: list both builds from the same
project path. Exits 1 when a test differs or is in one listing only.
"""
import json
import sys


def load(path):
    tests, serialization, sizes = {}, [], []
    for line in open(path, encoding="utf-8", errors="replace"):
        if "vstest.console.dll" not in line or '"MessageType":"TestDiscovery.TestFound"' not in line:
            continue
        message = json.loads(line[line.index("Received message: ") + len("Received message: "):])
        for test in message["Payload"]:
            properties = {p["Key"]["Id"]: p["Value"] for p in test.get("Properties", [])}
            text = properties.pop("XunitTestCaseSerialization", None)
            if text is not None:
                serialization.append(len(text))
            sizes.append(len(json.dumps(test, separators=(",", ":"))))
            tests[test["Id"]] = (test["FullyQualifiedName"], test["DisplayName"], json.dumps(properties, sort_keys=True))
    return tests, serialization, sizes


def mean(values):
    return sum(values) / len(values) if values else 0


before, after = load(sys.argv[1]), load(sys.argv[2])
for path, (tests, serialization, sizes) in zip(sys.argv[1:3], (before, after)):
    print(f"{path}: {len(tests)} tests, serialization {mean(serialization):.0f} characters, test JSON {mean(sizes):.0f} bytes")
same = sum(1 for test_id, test in before[0].items() if after[0].get(test_id) == test)
only = len(before[0].keys() ^ after[0].keys())
print(f"identical (Id, name, display name, traits, unique id, every other property): {same} of {len(before[0])}; in one listing only: {only}")
sys.exit(0 if same == len(before[0]) == len(after[0]) else 1)
