"""Summarises a JFR recording's CPU samples (jdk.ExecutionSample): the top frames where threads
were running (self), and the top project / library frames anywhere on the stack (total).

    python3 bench/jfr_top.py recording.jfr [how-many]
"""
import collections
import re
import subprocess
import sys

FRAME = re.compile(r"^\s+([\w$.<>/]+)\(.*\)\s+line:")


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
                          capture_output=True, text=True, check=True).stdout
    self_counts, total_counts, package_self = collections.Counter(), collections.Counter(), collections.Counter()
    samples = 0
    for event in text.split("jdk.ExecutionSample")[1:]:
        frames = [m.group(1) for m in map(FRAME.match, event.splitlines()) if m]
        if not frames:
            continue
        samples += 1
        self_counts[frames[0]] += 1
        package_self[".".join(frames[0].split(".")[:3])] += 1
        for f in set(frames):
            total_counts[f] += 1
    print(f"{samples} CPU samples in {path}")
    print(f"\nTop {top} frames by self samples (where the CPU was):")
    for f, c in self_counts.most_common(top):
        print(f"  {100 * c / samples:5.1f} %  {f}")
    print("\nSelf samples by package (first three name parts):")
    for f, c in package_self.most_common(15):
        print(f"  {100 * c / samples:5.1f} %  {f}")
    gc = subprocess.run(["jfr", "print", "--events", "jdk.GarbageCollection", path],
                        capture_output=True, text=True, check=True).stdout
    pauses = [duration_ms(m) for m in re.findall(r"sumOfPauses = ([^\n]+)", gc)]
    if pauses:
        print(f"\nGC: {len(pauses)} collections, pauses total {sum(pauses):.0f} ms, longest {max(pauses):.1f} ms")
    print(f"\nTop {top} dev.provisioning frames by total samples (on the stack):")
    for f, c in [x for x in total_counts.most_common() if x[0].startswith("dev.provisioning")][:top]:
        print(f"  {100 * c / samples:5.1f} %  {f}")


def duration_ms(text):
    value, unit = text.split()[:2]
    return float(value.replace(",", "")) * {"s": 1000, "ms": 1, "us": 0.001, "ns": 0.000001}.get(unit, 1)


if __name__ == "__main__":
    main()
