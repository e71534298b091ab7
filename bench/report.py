"""Prints the benchmark's one table (Markdown) from run.sh's results.txt and context.txt.

A row whose run had any failed request is not a result: its verdict says so, whatever the figures.
"""
import sys


def parse(path):
    rows = {}
    for line in open(path):
        parts = line.split()
        if not parts:
            continue
        rows[parts[0]] = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
    return rows


def num(row, key):
    try:
        return float(row.get(key, "nan"))
    except ValueError:
        return float("nan")


def errors(row):
    return int(num(row, "failed") + num(row, "socket_errors")) if row else 0


def fmt(x, digits=1):
    return "-" if x != x else f"{x:,.{digits}f}"


def verdict(ok, row):
    if errors(row):
        return f"NOT A RESULT ({errors(row)} failed requests)"
    return "met" if ok else "**missed**"


def main():
    rows = parse(sys.argv[1])
    context = open(sys.argv[2]).read().strip().splitlines() if len(sys.argv) > 2 else []
    out = ["| scenario | requests/s | p50 ms | p99 ms | errors | ratio to limit | target | verdict |",
           "|---|---:|---:|---:|---:|---:|---|---|"]

    def line(name, row, ratio, target, result):
        out.append(f"| {name} | {fmt(num(row, 'rps'))} | {fmt(num(row, 'p50_ms'), 2)} | {fmt(num(row, 'p99_ms'), 2)} "
                   f"| {errors(row)} | {ratio} | {target} | {result} |")

    for key, conns in (("a", context_value(context, "CONNECTIONS") or "8"), ("a32", "32")):
        a, pg, pg_generic = rows.get(key), rows.get(key + "-pgbench"), rows.get(key + "-pgbench-generic")
        if a:
            # the limit is the faster of the two pgbench runs: what the database can do with this SELECT
            limits = [num(r, "rps") for r in (pg, pg_generic) if r and num(r, "rps") == num(r, "rps")]
            limit = max(limits) if limits else float("nan")
            ratio = num(a, "rps") / limit
            ok = ratio >= 0.35 and num(a, "p99_ms") < 15
            shown = " / ".join(f"{fmt(100 * num(a, 'rps') / num(r, 'rps'), 0)} % of {n}"
                               for n, r in ((key + "′", pg), (key + "″", pg_generic)) if r)
            line(f"{key}. GET /Users?filter=emails[type eq \"work\"].value eq … ({conns} connections)", a, shown or "-",
                 "≥ 35 % of pgbench (the faster of the two), p99 < 15 ms", verdict(ok, a))
        if pg:
            line(f"{key}′. pgbench -M prepared, same SELECT, {conns} clients, PostgreSQL's default plan cache (auto)", pg,
                 "(limit)", "-", "-" if not errors(pg) else verdict(True, pg))
        if pg_generic:
            line(f"{key}″. the same pgbench, one generic plan (plan_cache_mode=force_generic_plan)", pg_generic,
                 fmt(100 * num(pg_generic, "rps") / num(pg, "rps"), 0) + f" % of {key}′" if pg else "-", "-",
                 "-" if not errors(pg_generic) else verdict(True, pg_generic))
    for key, title, target in (("b", "b. POST /Users (new users)", 2000), ("c", "c. PATCH /Users/{id}, Entra's 4 operations", 2200)):
        if key in rows:
            r = rows[key]
            line(title, r, "-", f"≥ {target:,}/s".replace(",", " "), verdict(num(r, "rps") >= target, r))
    if "z" in rows:
        z = rows["z"]
        per_request = f"service CPU {fmt(1000 * num(z, 'cpu_service') / num(z, 'rps'), 3)} ms per request" if num(z, "rps") else "-"
        line("z. the floor: GET /ServiceProviderConfig (authenticated, no SQL)", z, per_request, "-",
             "-" if not errors(z) else verdict(True, z))
    big, small = rows.get("d-big"), rows.get("d-small")
    if big and big.get("skipped"):
        out.append(f"| d. group member add/remove | - | - | - | - | - | p99(100 000 members) ≤ 1.5 × p99(10) | "
                   f"SKIPPED: {big.get('reason', '').replace('_', ' ')} |")
    elif big and small:
        ratio = num(big, "p99_ms") / num(small, "p99_ms")
        result = verdict(ratio <= 1.5, big) if not errors(small) else verdict(False, small)
        line("d. PATCH /Groups/{id} add/remove, 100 000-member group", big,
             f"p99 {fmt(ratio, 2)} × the 10-member group's", "p99 ≤ 1.5 × 10-member group's", result)
        line("d. PATCH /Groups/{id} add/remove, 10-member group", small, "(reference)", "-", "-" if not errors(small) else verdict(True, small))
    small, large, new = rows.get("t-small"), rows.get("t-large"), rows.get("t-new")
    if small and large:
        rate, p99 = num(small, "rps") / num(large, "rps"), num(small, "p99_ms") / num(large, "p99_ms")
        # within 20 % either way: a small tenant much faster than the large one means the large one's plan is wrong
        ok = 0.8 <= rate <= 1.2 and 0.8 <= p99 <= 1.2
        result = verdict(ok, small) if not errors(large) else verdict(False, large)
        line("t. the lookup as small tenants (50 users each, of 10 000 organizations; a random one per request)", small,
             f"{fmt(100 * rate, 0)} % of the large tenant's rate, p99 {fmt(p99, 2)} ×",
             "rate and p99 within 20 % of the large tenant's", result)
        line("t. the lookup as the large tenant (100 000 users)", large, "(reference)", "-",
             "-" if not errors(large) else verdict(True, large))
    if new:
        get_max, post_max = num(new, "get_max_ms"), num(new, "post_max_ms")
        out.append(f"| t. first request of a brand-new tenant ({new.get('tenants')} tenants): GET p50 {fmt(num(new, 'get_p50_ms'), 2)} ms, "
                   f"max {fmt(get_max, 2)} ms; first POST p50 {fmt(num(new, 'post_p50_ms'), 2)} ms, max {fmt(post_max, 2)} ms "
                   f"| - | - | - | {errors(new)} | - | < 20 ms | {verdict(max(get_max, post_max) < 20, new)} |")
    e = rows.get("e")
    if e:
        n = int(num(e, "users_created")) if e.get("users_created") else 0
        target_users = int(context_value(context, "USERS") or 100000)
        limit = 60 * target_users / 100000
        elapsed = num(e, "elapsed_s")
        target = "< 60 s for 100 000 users" + ("" if target_users == 100000 else f" (scaled: < {limit:.1f} s for {target_users})")
        e_row = dict(e, rps=e.get("cycle_rps", "nan"))
        ok = e.get("finished") == "1" and elapsed < limit and n == target_users
        line(f"e. initial Entra cycle (GET then POST), {fmt(elapsed, 1)} s end to end for {n:,} users", e_row,
             "-", target, verdict(ok, e))
    f = rows.get("f")
    if f:
        rss, ready, idle = num(f, "rss_max_mb"), num(f, "ready_s"), num(f, "rss_idle_mb")
        # the JVM's targets are issue 7's; the native executable's are product.md §8.5 (issue 15)
        max_rss, max_ready = (100, 0.5) if f.get("runner") == "native" else (300, 3)
        if idle == idle:
            out.append(f"| f. service RSS idle (ready, before any scenario) | - | - | - | 0 | - | - : {fmt(idle, 0)} MB | - |")
        out.append(f"| f. service RSS (max under load) | - | - | - | 0 | - | < {max_rss} MB: {fmt(rss, 0)} MB | {verdict(rss < max_rss, None)} |")
        out.append(f"| f. time to ready (process start → /q/health/ready) | - | - | - | 0 | - | < {max_ready} s: {fmt(ready, 2)} s "
                   f"| {verdict(ready < max_ready, None)} |")
    g = rows.get("g")
    if g:
        ready, idle = num(g, "ready_s"), num(g, "rss_idle_mb")
        max_ready = 0.5 if g.get("runner") == "native" else 3
        out.append(f"| g. time to ready on restart (migrated database; median of {g.get('restarts')}: {g.get('all_ready_s')} s) "
                   f"| - | - | - | 0 | - | < {max_ready} s: {fmt(ready, 2)} s | {verdict(ready < max_ready, None)} |")
        out.append(f"| g. service RSS idle after restart (median) | - | - | - | 0 | - | - : {fmt(idle, 0)} MB | - |")
    per = [f"{k} {fmt(num(v, 'rss_mb'), 0)} MB" for k, v in rows.items() if "rss_mb" in v]
    cpu = [f"{k}: service {v['cpu_service']}, PostgreSQL {v['cpu_pg']}, load generator {v.get('cpu_client', '-')}"
           + (f", stolen by the hypervisor {v['cpu_steal']}" if "cpu_steal" in v else "")
           for k, v in rows.items() if "cpu_service" in v]
    print()
    print("\n".join(context))
    print()
    print("\n".join(out))
    print()
    print("Service RSS, max per scenario: " + ", ".join(per))
    print("CPU used on average (cores, of " + str(__import__("os").cpu_count()) + "; load generator = wrk or pgbench): "
          + "; ".join(cpu))
    print("errors = non-2xx answers + answers failing the scenario's check + socket errors/timeouts; any error: not a result.")


def context_value(context, key):
    for line in context:
        for part in line.split():
            if part.startswith(key + "="):
                return part.split("=", 1)[1]
    return None


if __name__ == "__main__":
    main()
