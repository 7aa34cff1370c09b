#!/usr/bin/env python3
"""Issue 12's attacks re-run from the outside, against a running server on loopback only.

Every run is bounded in time (--seconds) and in request count (--max-requests per client).

  issue12.py flood   --port P --apikey K --pid PID --seconds 90
      two clients: /search with a new word each time, /related with an unknown URL each time;
      samples VmRSS of PID every 5 s; prints status counts and the RSS series.
  issue12.py limited --port P --apikey K --seconds 10
      one client floods /search from 127.0.0.1 while another asks at 5/s from 127.0.0.2;
      prints status counts per client address.
  issue12.py latency --port P --apikey K --uuid U --count 200 [--distinct]
      sequential personalised /related?uuid= calls (the same reader, or readers U0..U199); prints p50/p99 and status counts.
"""
import argparse
import http.client
import statistics
import threading
import time
import urllib.parse
from collections import Counter


def client(port, source, paths, deadline, max_requests, counts, pause=0.0):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    for i in range(max_requests):
        if time.monotonic() >= deadline:
            break
        try:
            conn.request("GET", paths(i))
            response = conn.getresponse()
            response.read()
            counts[response.status] += 1
        except (OSError, http.client.HTTPException) as error:
            counts[type(error).__name__] += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
        if pause:
            time.sleep(pause)
    conn.close()


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def flood(args):
    deadline = time.monotonic() + args.seconds
    search, related = Counter(), Counter()
    key = urllib.parse.quote(args.apikey)
    stamp = int(time.time())
    searches = lambda i: f"/search?apikey={key}&q=zq{stamp}x{i}"
    relateds = lambda i: f"/related?apikey={key}&url=" + urllib.parse.quote(f"https://{args.host}/unknown/{stamp}/{i}", safe="")
    clients = [(p, c) for name, p, c in (("search", searches, search), ("related", relateds, related)) if args.only in (None, name)]
    threads = [threading.Thread(target=client, args=(args.port, "127.0.0.1", p, deadline, args.max_requests, c)) for p, c in clients]
    for thread in threads:
        thread.start()
    start = time.monotonic()
    samples = []
    while any(thread.is_alive() for thread in threads):
        samples.append((round(time.monotonic() - start), rss_kb(args.pid) // 1024))
        time.sleep(max(0.0, 5 - (time.monotonic() - start) % 5))
    samples.append((round(time.monotonic() - start), rss_kb(args.pid) // 1024))
    elapsed = time.monotonic() - start
    print(f"elapsed {elapsed:.0f} s; /search {dict(search)} ({sum(search.values()) / elapsed:.0f}/s); "
          f"/related {dict(related)} ({sum(related.values()) / elapsed:.0f}/s)")
    print("RSS MB by second: " + " ".join(f"{s}:{mb}" for s, mb in samples))
    print(f"RSS peak {max(mb for _, mb in samples)} MB")


def limited(args):
    deadline = time.monotonic() + args.seconds
    flooder, other = Counter(), Counter()
    key = urllib.parse.quote(args.apikey)
    searches = lambda i: f"/search?apikey={key}&q=economy{i % 50}"
    threads = [threading.Thread(target=client, args=(args.port, "127.0.0.1", searches, deadline, args.max_requests, flooder)),
               threading.Thread(target=client, args=(args.port, "127.0.0.2", searches, deadline, args.max_requests, other, 0.2))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"flooder 127.0.0.1: {dict(flooder)}; other client 127.0.0.2 at 5/s: {dict(other)}")


def latency(args):
    counts = Counter()
    times = []
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
    key = urllib.parse.quote(args.apikey)
    for i in range(args.count):
        start = time.perf_counter()
        # A new stories count each time would defeat the cache; the uuid's profile version keys it, so every
        # call here asks Redis for the version (and the profile on a miss) — what a hung Redis would stall.
        uuid = f"{args.uuid}{i}" if args.distinct else args.uuid
        conn.request("GET", f"/related?apikey={key}&uuid={uuid}")
        response = conn.getresponse()
        response.read()
        times.append((time.perf_counter() - start) * 1000)
        counts[response.status] += 1
    first = times[0]
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"{args.label}: n={len(times)} p50 {p(0.5):.1f} ms p99 {p(0.99):.1f} ms max {times[-1]:.1f} ms "
          f"mean {statistics.mean(times):.1f} ms; first {first:.1f} ms; over 100 ms: {sum(t > 100 for t in times)}; status {dict(counts)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["flood", "limited", "latency"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--apikey", required=True)
    parser.add_argument("--host", default="bbc-news.example")
    parser.add_argument("--pid", type=int)
    parser.add_argument("--uuid")
    parser.add_argument("--only", choices=["search", "related"], help="flood: run only this client")
    parser.add_argument("--label", default="latency")
    parser.add_argument("--distinct", action="store_true", help="call i asks for reader <uuid><i> (trained before), so every answer misses the cache")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=2_000_000)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    {"flood": flood, "limited": limited, "latency": latency}[args.mode](args)


if __name__ == "__main__":
    main()
