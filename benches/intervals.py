#!/usr/bin/env python3
"""A copy of a shared/bench workload in Concord form (run.sh writes it under
concord-bench/SIZE/concord in the system's temporary folder) with every tenth
position's day made uncertain, `D..D+3`: the issue's measure of what version 2's
uncertain days cost when 10 % of positions use them.

    benches/intervals.py SOURCE_FOLDER TARGET_FOLDER
"""
import datetime, os, shutil, sys

if len(sys.argv) != 3:
    sys.exit(__doc__)
source, target = sys.argv[1:]
shutil.copytree(source, target, dirs_exist_ok=True)
with open(os.path.join(source, "facts", "positions.facts")) as read, \
        open(os.path.join(target, "facts", "positions.facts"), "w") as write:
    for n, line in enumerate(read):
        if n % 10 == 0:
            last = datetime.date.fromisoformat(line[:10]) + datetime.timedelta(days=3)
            line = f"{line[:10]}..{last.isoformat()}{line[10:]}"
        write.write(line)
