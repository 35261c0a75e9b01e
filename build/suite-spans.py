#!/usr/bin/env python3
"""Where the suite's time went, from the TRX files of one run (docs/testing.md).

Usage: python3 build/suite-spans.py [TestResults] [classes per project, default 5]

For each test project: its span (the TRX run's start to finish), when its first test started, the sum of its tests'
durations, and its longest classes by span (a class is xUnit's default collection; a class inside a shared collection
shows its own part of that collection's chain). Then the test phase: when each project started and ended, relative to
the first, which shows what ran beside what on the two lanes of Directory.Solution.targets.
"""
import glob
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import datetime

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def timestamp(text):
    # TRX times carry 7 fractional digits and an offset; fromisoformat takes at most 6.
    head, _, rest = text.replace("Z", "+00:00").partition(".")
    if not rest:
        return datetime.fromisoformat(head)
    digits = "".join(c for c in rest if c.isdigit())
    offset = rest[len(digits):]
    return datetime.fromisoformat(f"{head}.{digits[:6].ljust(6, '0')}{offset}")


def seconds(duration):
    hours, minutes, secs = duration.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(secs)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "TestResults"
    classes_shown = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    files = sorted(glob.glob(f"{folder}/*.trx"))
    if not files:
        sys.exit(f"{folder} holds no .trx file: run the README's test command first (it logs TRX there).")
    projects = []
    for path in files:
        root = ET.parse(path).getroot()
        class_of = {t.get("id"): t.find("t:TestMethod", NS).get("className") for t in root.iterfind(".//t:UnitTest", NS)}
        results = [
            (class_of.get(r.get("testId"), "?"), timestamp(r.get("startTime")), timestamp(r.get("endTime")), seconds(r.get("duration") or "0:0:0"))
            for r in root.iterfind(".//t:UnitTestResult", NS)
        ]
        times = root.find("t:Times", NS)
        start, finish = timestamp(times.get("start")), timestamp(times.get("finish"))
        name = path.rsplit("/", 1)[-1].removesuffix(".trx")
        projects.append((name, start, finish))
        if not results:
            print(f"{name}: no test results")
            continue
        first = min(r[1] for r in results)
        print(f"{name}: {len(results)} tests, span {(finish - start).total_seconds():.0f} s, first test at "
              f"+{(first - start).total_seconds():.1f} s, sum of durations {sum(r[3] for r in results):.0f} s")
        by_class = defaultdict(list)
        for result in results:
            by_class[result[0]].append(result)
        spans = sorted(
            ((max(r[2] for r in rs) - min(r[1] for r in rs)).total_seconds(), len(rs), c, (min(r[1] for r in rs) - start).total_seconds())
            for c, rs in by_class.items())
        for span, count, cls, offset in reversed(spans[-classes_shown:]):
            print(f"  {span:6.1f} s  {count:4d} tests  from +{offset:5.1f} s  {cls.rsplit('.', 1)[-1]}")
    origin = min(p[1] for p in projects)
    end = max(p[2] for p in projects)
    print(f"test phase: {(end - origin).total_seconds():.0f} s")
    for name, start, finish in sorted(projects, key=lambda p: p[1]):
        print(f"  +{(start - origin).total_seconds():4.0f} s .. +{(finish - origin).total_seconds():4.0f} s  {name}")


if __name__ == "__main__":
    main()
