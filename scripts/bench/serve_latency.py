#!/usr/bin/env python3
"""Save-to-page latency of `gazette serve`: how long after an editor saves an article its page
on the development server shows the change.

Usage: serve_latency.py --gazette BIN --root SITE --file CONTENT_FILE --path /de/YEAR/SLUG/
                        [--saves 10] [--poll-ms 2] [--settle 1.0] [--log FILE]

It starts `BIN serve --root SITE --port 0` (its scratch folder goes to $TMPDIR: point that at
tmpfs), reads the "Serving at http://HOST:PORT/" line from its stderr and waits for the first
"Built in" line. Then, SAVES times, it saves the article the way editors' programs do: the new
text is written to a temporary file next to it (a hidden `.NAME.tmp`, which gazette ignores)
and renamed over it, as `mv` does. Each save changes one visible word of the body (the last
paragraph's marker word). The time measured runs from the rename to the first response of
GET PATH, polled every POLL_MS over one keep-alive connection, whose body contains the new word:
the watcher's debounce, the rebuild and the server all count. curl would measure the same but
costs a process start (several ms) per poll, comparable to what is measured.

Between saves it waits for the server's "Built in" line and SETTLE seconds more, so every save
starts from an idle server. At the end the original file is put back (saved the same way) and
the server is stopped with SIGINT (it removes its scratch folder).

Prints one line of key=value pairs:
  saves=10 median_ms=… min_ms=… max_ms=… values_ms=a,b,… rebuild_ms=… first_build_ms=… url=…
where rebuild_ms are gazette's own "Built in N ms" figures for the saves. Exit status 1 if the
server does not start, a build fails or a save does not appear within 30 s. Standard library only.
"""

import argparse
import http.client
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import threading
import time

SERVING = re.compile(r"Serving at http://([^/\s]+):(\d+)/")
BUILT = re.compile(r"Built in (\d+) ms")
FAILED = "The build failed"


class Server:
    """A running `gazette serve` and the lines of its stderr, read by a thread."""

    def __init__(self, gazette, root, log_path):
        self.log = open(log_path, "w", encoding="utf-8") if log_path else None
        self.proc = subprocess.Popen(
            [gazette, "serve", "--root", root, "--port", "0"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stderr:
            if self.log:
                self.log.write(line)
                self.log.flush()
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, pattern, timeout):
        """The first match of `pattern` in the next lines; a failed build is an error."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError("no %r from gazette serve within %.0f s" % (pattern.pattern, timeout))
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise RuntimeError("gazette serve stopped (exit status %s)" % self.proc.wait())
            if FAILED in line:
                raise RuntimeError("gazette serve reports a failed build: " + line.strip())
            m = pattern.search(line)
            if m:
                return m

    def drain(self):
        """Forgets lines already printed."""
        while True:
            try:
                if self.lines.get_nowait() is None:
                    self.lines.put(None)
                    return
            except queue.Empty:
                return

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log:
            self.log.close()


def save(path, text):
    """Writes `text` to a hidden temporary file beside `path`, then renames it over `path`.
    Returns the monotonic time of the rename."""
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, "." + name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    at = time.perf_counter()
    os.rename(tmp, path)
    return at


def fetch(conn, path):
    conn.request("GET", path, headers={"Cache-Control": "no-cache"})
    response = conn.getresponse()
    return response.status, response.read().decode("utf-8", "replace")


def wait_visible(host, port, path, word, since, poll, timeout=30.0):
    """Milliseconds from `since` until GET `path` contains `word`."""
    conn = http.client.HTTPConnection(host, port, timeout=5)
    try:
        while True:
            try:
                status, body = fetch(conn, path)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=5)
                status, body = 0, ""
            now = time.perf_counter()
            if status == 200 and word in body:
                return (now - since) * 1000.0
            if now - since > timeout:
                raise RuntimeError("%s did not show %r within %.0f s" % (path, word, timeout))
            time.sleep(poll)
    finally:
        conn.close()


def with_word(original, word):
    """The article with a last paragraph that names `word`: one visible word changes per save."""
    return original.rstrip("\n") + "\n\nMesswort der Vorschau: " + word + ".\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--gazette", required=True)
    p.add_argument("--root", required=True)
    p.add_argument("--file", required=True, help="the article's content file, under ROOT/content")
    p.add_argument("--path", required=True, help="its page on the server, e.g. /de/2019/x/")
    p.add_argument("--saves", type=int, default=10)
    p.add_argument("--poll-ms", type=float, default=2.0)
    p.add_argument("--settle", type=float, default=1.0)
    p.add_argument("--log")
    args = p.parse_args()
    if args.saves < 1:
        p.error("--saves must be at least 1")

    with open(args.file, encoding="utf-8") as f:
        original = f.read()
    server = Server(args.gazette, args.root, args.log)
    latencies, rebuilds = [], []
    try:
        m = server.wait_for(SERVING, 60)
        host, port = m.group(1), int(m.group(2))
        first = int(server.wait_for(BUILT, 1800).group(1))
        conn = http.client.HTTPConnection(host, port, timeout=10)
        status, _ = fetch(conn, args.path)
        conn.close()
        if status != 200:
            raise RuntimeError("GET %s answered %d before any save" % (args.path, status))
        nonce = os.getpid()
        for i in range(1, args.saves + 1):
            time.sleep(args.settle)
            server.drain()
            word = "vorschau%dx%d" % (nonce, i)
            since = save(args.file, with_word(original, word))
            latencies.append(wait_visible(host, port, args.path, word, since, args.poll_ms / 1000.0))
            rebuilds.append(int(server.wait_for(BUILT, 60).group(1)))
        save(args.file, original)
        server.wait_for(BUILT, 60)
    except RuntimeError as e:
        print("serve_latency: %s" % e, file=sys.stderr)
        return 1
    finally:
        if open(args.file, encoding="utf-8").read() != original:
            save(args.file, original)
        server.stop()
    print(
        "saves=%d median_ms=%.1f min_ms=%.1f max_ms=%.1f values_ms=%s rebuild_ms=%s first_build_ms=%d url=http://%s:%d%s"
        % (
            len(latencies),
            statistics.median(latencies),
            min(latencies),
            max(latencies),
            ",".join("%.1f" % v for v in latencies),
            ",".join(str(r) for r in rebuilds),
            first,
            host,
            port,
            args.path,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
