"""Badges: 600 on A4 sheets of 2 × 4 (90 × 55 mm), naive WeasyPrint against netzwerk's renderer, same run.

(a) naive: the same badges' HTML built straightforwardly (floated badges, the logo as an <img> per badge, the QR as
    segno's default inline SVG per badge) and rendered by one WeasyPrint call in this process;
(b) netzwerk: `render_badges` from the data to the finished PDF (QR codes as tiny PNGs drawn by the URL
    fetcher, a few text blocks per badge, two warm worker processes, chunks joined with pypdf). Timed cold (the
    first call starts the pool's fork server) and warm (median of the following calls).

Prints both times, the ratio b/a (target at most 0.5), the CPU time of each (all processes), the peak memory of
this process and all its children (PSS and RSS summed over the process tree, sampled every 50 ms; target under
400 MB) and the warm latency of a single A6 badge (target under 250 ms). Other work on the machine slows (b),
which needs both cores, more than (a): the load average is printed too.

    .venv/bin/python bench/badges.py [--badges 600] [--repeat 3]
"""
import argparse
import io
import os
import resource
import statistics
import sys
import threading
import time
from pathlib import Path

import segno
import weasyprint
from weasyprint.text.fonts import FontConfiguration

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import netzwerk.models  # noqa: E402,F401  (the badges package is a blueprint: its routes need every model)
from netzwerk.badges import render  # noqa: E402
from netzwerk.badges.layouts import preset  # noqa: E402

NAMES = ["Jürgen Weiß-Öztürk", "Ayşe Yılmaz", "Олександра Ковальчук", "يوسف الشامي", "زهرا حسینی", "Anna Schmidt",
         "Maximiliane Alexandra Theodora von Hohenzollern-Weißenfels", "Mehmet Ağaoğlu", "Kateryna Melnyk"]
ROLES = [("Teilnehmende", "#1f6feb"), ("Referent:in", "#d29922"), ("Team", "#2da44e"), ("Aussteller", "#8250df"),
         ("Besucher:in", "#e6e6e6")]
ORGANISATIONS = ["Jobcenter Landkreis Harburg", "Agentur für Arbeit Lüneburg-Uelzen", "IHK Lüneburg-Wolfsburg",
                 "Caritasverband für die Diözese Hildesheim e. V.", "Stadt Buxtehude"]


def sample_data(count: int) -> tuple[render.BadgeEvent, list[render.BadgeData]]:
    logo = io.BytesIO()
    segno.make("Lernnetzwerk Nord", micro=False).save(logo, kind="png", scale=6)
    event = render.BadgeEvent("Netzwerktreffen Integration Nord", "Dienstag, 3. März 2026", "Lernnetzwerk Nord",
                              logo=logo.getvalue(), logo_type="png")
    badges = [render.BadgeData(f"{NAMES[i % len(NAMES)]} {i}", ORGANISATIONS[i % len(ORGANISATIONS)],
                               "Landkreis Harburg", "Fallmanagement", *ROLES[i % len(ROLES)], f"NZ-{i:05d}-Q9XD",
                               [("Runde 1", f"Tisch {i % 12 + 1}"), ("Runde 2", f"Tisch {(i * 7) % 12 + 1}")])
              for i in range(count)]
    return event, badges


NAIVE_CSS = """
@font-face { font-family: Sans; src: url(fonts/noto-sans/NotoSans-Regular.ttf) }
@font-face { font-family: Sans; font-weight: bold; src: url(fonts/noto-sans/NotoSans-Bold.ttf) }
@font-face { font-family: Arabic; src: url(fonts/vazirmatn/Vazirmatn-NL-Regular.ttf) }
@font-face { font-family: Arabic; font-weight: bold; src: url(fonts/vazirmatn/Vazirmatn-NL-Bold.ttf) }
@page { size: A4; margin: 38mm 15mm }
body { font-family: Sans, Arabic; margin: 0; font-size: 7.5pt }
.sheet { width: 181mm; height: 220mm; page-break-after: always }
.badge { float: left; width: 90mm; height: 55mm; box-sizing: border-box; padding: 3.5mm 3.5mm 0; overflow: hidden;
         position: relative }
.header { height: 9mm }
.header img { height: 9mm; float: left; margin-right: 2mm }
.name { font-weight: bold; text-align: center; height: 16mm; line-height: 16mm; overflow: hidden }
.details { margin-right: 20mm; height: 16.5mm }
.details div { white-space: nowrap; overflow: hidden; text-overflow: ellipsis }
.qr { position: absolute; right: 3.5mm; bottom: 8.5mm }
.qr svg { width: 16.5mm; height: 16.5mm }
.role { position: absolute; left: 0; right: 0; bottom: 0; height: 7mm; line-height: 7mm; text-align: center;
        font-weight: bold; color: white }
"""


def naive_html(event: render.BadgeEvent, badges: list[render.BadgeData]) -> str:
    """Straightforward: floated badges, blocks inside, an <img> logo and segno's inline SVG in every badge."""
    import base64
    from html import escape
    logo = "data:image/png;base64," + base64.b64encode(event.logo).decode()
    parts = ["<html><body>"]
    for start in range(0, len(badges), 8):
        parts.append('<div class="sheet">')
        for badge in badges[start:start + 8]:
            size = 20 if len(badge.name) < 20 else 14 if len(badge.name) < 28 else 9
            qr = segno.make(badge.checkin_code, micro=False).svg_inline(scale=4)
            tables = " · ".join(f"{round_label}: <b>{escape(table)}</b>" for round_label, table in badge.tables)
            parts.append(
                f'<div class="badge"><div class="header"><img src="{logo}"><b>{escape(event.title)}</b><br>'
                f'{escape(event.date_text)}</div>'
                f'<div class="name" style="font-size: {size}pt">{escape(badge.name)}</div>'
                f'<div class="details"><div><b>{escape(badge.function)}</b></div>'
                f'<div>{escape(badge.organisation)}</div><div>{escape(badge.kommune)}</div><div>{tables}</div></div>'
                f'<div class="qr">{qr}</div>'
                f'<div class="role" style="background: {badge.role_colour}">{escape(badge.role_label)}</div></div>')
        parts.append("</div>")
    parts.append("</body></html>")
    return "".join(parts)


def naive_render(event, badges) -> bytes:
    font_config = FontConfiguration()
    css = weasyprint.CSS(string=NAIVE_CSS, base_url=render.STATIC.as_uri() + "/", font_config=font_config)
    html = naive_html(event, badges)
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[css], font_config=font_config)


class PeakMemory:
    """Peak memory of this process and all its descendants (pool workers and the fork server), sampled from
    /proc every 50 ms while the block runs: the sum of RSS (counts pages that processes share once per process,
    an upper bound) and the sum of PSS (shares them out: what the tree takes from the machine)."""

    def __init__(self):
        self.rss = self.pss = self.processes = self.largest_child = 0
        self.own_cpu = 0.0  # what sampling cost this process, to leave out of the CPU figures
        self._stop = threading.Event()

    @staticmethod
    def tree() -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as stat:
                        parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                except OSError:
                    continue
                children.setdefault(parent, []).append(int(entry))
        pids, todo = [], [os.getpid()]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            todo.extend(children.get(pid, []))
        return pids

    @staticmethod
    def usage(pid: int) -> tuple[int, int]:
        """RSS and PSS in bytes."""
        values = {}
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                for line in rollup:
                    key, _, rest = line.partition(":")
                    if key in ("Rss", "Pss"):
                        values[key] = int(rest.split()[0]) * 1024
        except OSError:
            pass
        return values.get("Rss", 0), values.get("Pss", 0)

    def sample(self):
        pids = self.tree()
        usages = [self.usage(pid) for pid in pids]
        self.rss = max(self.rss, sum(rss for rss, _ in usages))
        self.pss = max(self.pss, sum(pss for _, pss in usages))
        self.processes = max(self.processes, len(pids))
        self.largest_child = max([self.largest_child] + [rss for rss, _ in usages[1:]])

    def _run(self):
        started = time.thread_time()
        while not self._stop.is_set():
            self.sample()
            self.own_cpu = time.thread_time() - started
            self._stop.wait(0.05)

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.sample()


def tree_cpu_seconds() -> float:
    """CPU time (user + system) used so far by this process and its live descendants (the pool's workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in PeakMemory.tree():
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--badges", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    event, badges = sample_data(args.badges)
    layout = preset("a4-2x4-90x55")
    mb = 1024 * 1024

    # (b) first, so that the naive render's garbage does not count against it.
    render.warm_up()
    runs = []
    cpu = []
    with PeakMemory() as memory:
        for _ in range(args.repeat):
            started_cpu, sampler_cpu = tree_cpu_seconds(), memory.own_cpu
            runs.append(timed(render.render_badges, event, badges, layout))
            cpu.append(tree_cpu_seconds() - started_cpu - (memory.own_cpu - sampler_cpu))
    cold, pdf = runs[0]
    warm = statistics.median(seconds for seconds, _ in runs[1:]) if len(runs) > 1 else cold
    single = [timed(render.render_badges, event, badges[:1], preset("a6"))[0] for _ in range(12)][2:]
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    naive_render(event, badges[:8])  # fonts and WeasyPrint's own caches warm, as for (b)
    with PeakMemory() as naive_memory:
        started_cpu, sampler_cpu = tree_cpu_seconds(), naive_memory.own_cpu
        naive_time, naive_pdf = timed(naive_render, event, badges)
        naive_cpu = tree_cpu_seconds() - started_cpu - (naive_memory.own_cpu - sampler_cpu)

    from pypdf import PdfReader
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    naive_pages = len(PdfReader(io.BytesIO(naive_pdf)).pages)
    print(f"{args.badges} badges, A4 2x4 of 90x55 mm ({pages} pages; naive {naive_pages} pages)")
    warm_cpu = statistics.median(cpu[1:]) if len(cpu) > 1 else cpu[0]
    print(f"(a) naive single WeasyPrint call   {naive_time:6.2f} s   CPU {naive_cpu:6.2f} s   "
          f"{len(naive_pdf) / 1024:6.0f} KiB")
    print(f"(b) netzwerk render_badges, cold   {cold:6.2f} s   CPU {cpu[0]:6.2f} s   (first call: starts the "
          f"fork server and the pool)")
    print(f"(b) netzwerk render_badges, warm   {warm:6.2f} s   CPU {warm_cpu:6.2f} s   {len(pdf) / 1024:6.0f} KiB"
          f"   (median of {len(runs) - 1} calls)")
    print(f"ratio b/a wall time: warm {warm / naive_time:.2f}, cold {cold / naive_time:.2f}   (target <= 0.50)")
    print(f"ratio b/a CPU time (all processes): warm {warm_cpu / naive_cpu:.2f}   (the wall-time ratio on two "
          f"idle cores is about half of this plus the merge; load from other processes hurts (b) more than (a))")
    print(f"machine load average while measuring: {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"peak memory (b): PSS {memory.pss / mb:.0f} MB, RSS {memory.rss / mb:.0f} MB summed over "
          f"{memory.processes} processes (target < 400 MB); this process {self_kb / 1024:.0f} MB maxrss + "
          f"largest child {memory.largest_child / mb:.0f} MB RSS = {self_kb / 1024 + memory.largest_child / mb:.0f} MB")
    print(f"peak memory (a): PSS {naive_memory.pss / mb:.0f} MB, RSS {naive_memory.rss / mb:.0f} MB")
    print(f"single A6 badge, warm: median {statistics.median(single) * 1000:.0f} ms, "
          f"max {max(single) * 1000:.0f} ms   (target < 250 ms)")


if __name__ == "__main__":
    main()
