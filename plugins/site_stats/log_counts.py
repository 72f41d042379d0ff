"""Count the server's access log into the site's visit statistics (``invoke stats``).

nginx writes one line per request in the ``lgnetea`` format of deploy/nginx.conf::

    203.0.113.0 [05/Dec/2026:07:10:00 +0100] "GET /comuni/latina/ HTTP/2.0" 200 5120 "Mozilla/5.0 …"

What is counted (docs/statistiche.md says the same to a reader of the code):

* a **visit** is a GET of a page of the site (an address ending in ``/`` or ``.html``,
  ``…/index.html`` being the same page as ``…/``) answered with 200 or 304, by a client
  that is not a robot; the editor (``admin/``) and the thank-you page are not pages here;
* a **robot** is a request whose user agent is empty or which CrawlerDetect (the maintained
  list of crawlers, spiders and tools behind many analytics packages) recognises;
  robots' requests are counted apart, in one number per month, and nothing else of them;
* an **answer** to «Questa pagina ti è stata utile?» is a visit of the thank-you page in any
  language, with ``pagina`` (a page of the site that has had visits), ``utile`` (``si`` or
  ``no``) and optionally ``motivo`` (one of FEEDBACK_REASONS) in its query; anything else in
  the query is not counted, so nobody can write into the statistics.

The month is the one of the server's local time. The statistics keep only numbers by month,
page, answer and reason: no address, no user agent, no time of day. ``contato_fino_a``
records the last request counted, so counting the same log twice, or a log and its rotated
copy, adds nothing twice.
"""

import datetime
import gzip
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import tomli_w
from crawlerdetect import CrawlerDetect

LINE = re.compile(r'^\S+ \[(?P<time>[^\]]+)\] "(?P<method>[A-Z]+) (?P<target>\S+)(?: [^"]*)?" '
                  r'(?P<status>\d{3}) \S+(?: "(?P<agent>(?:[^"\\]|\\.)*)")?\s*$')
MONTHS = {name: number for number, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}
TIME = re.compile(r"(\d{2})/([A-Z][a-z]{2})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})")
# A page address as the site makes them: letters of any script, digits, - _ . / (no query, no ..).
PAGE = re.compile(r"(?:[\w.-]+/)*(?:[\w.-]+\.html)?", re.UNICODE)
COUNTED_STATUSES = {"200", "304"}
ANSWERS = ("si", "no")

HEADER = """\
# Statistiche delle visite del sito, contate dal registro del server da `invoke stats`
# (docs/statistiche.md): non modificare a mano, il prossimo conteggio riscrive il file.
# Solo numeri per mese, pagina e risposta: nessun indirizzo IP, nessun browser.
"""


class LogError(Exception):
    """A log cannot be read; the message names the file."""


@dataclass(frozen=True)
class Request:
    time: datetime.datetime
    method: str
    path: str  # decoded, without the leading slash
    query: str
    status: str
    agent: str


def parse_time(text):
    match = TIME.fullmatch(text)
    if not match or match[2] not in MONTHS:
        return None
    day, month, year = int(match[1]), MONTHS[match[2]], int(match[3])
    hour, minute, second = map(int, match.group(4, 5, 6))
    offset = datetime.timedelta(hours=int(match[8]), minutes=int(match[9])) * (-1 if match[7] == "-" else 1)
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=datetime.timezone(offset))


def parse_line(line):
    """The request of one log line, or None for a line not in the site's format."""
    match = LINE.match(line)
    time = match and parse_time(match["time"])
    if not time:
        return None
    target = urlsplit(match["target"])
    agent = match["agent"] or ""
    return Request(time, match["method"], unquote(target.path).lstrip("/"), target.query, match["status"],
                   "" if agent == "-" else agent)


def read_lines(path):
    path = Path(path)
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", errors="replace") as lines:
            yield from lines
    except OSError as error:
        raise LogError(f"{path}: il registro non si legge ({error.strerror or error})") from None


def page_of(path):
    """The page an address shows (``comuni/latina/``), or None if it is not a page address."""
    if not (path == "" or path.endswith(("/", ".html"))) or not PAGE.fullmatch(path) or ".." in path:
        return None
    return path.removesuffix("index.html")


class Statistics:
    """The counts, as the data file keeps them; new requests are added with :meth:`count`."""

    def __init__(self, data, feedback_page, reasons, languages):
        self.counted_until = data.get("contato_fino_a")
        self.visits = Counter({(row["mese"], row["pagina"]): row["visite"] for row in data.get("visite", [])})
        self.answers = Counter({(row["mese"], row["pagina"], row["risposta"], row["motivo"]): row["numero"]
                                for row in data.get("risposte", [])})
        self.robots = Counter({row["mese"]: row["richieste"] for row in data.get("robot", [])})
        # The thank-you page in every language: grazie/, en/grazie/, …
        self.feedback_pages = {f"{lang}/{feedback_page}/" for lang in languages} | {f"{feedback_page}/"}
        self.reasons = set(reasons)
        self.crawlers = CrawlerDetect()

    def is_robot(self, agent):
        return not agent.strip() or self.crawlers.isCrawler(agent)

    def count(self, requests):
        """Add the requests made after ``counted_until``; return how many were counted as what."""
        known_pages = {page for _, page in self.visits}
        answers = []
        newest = self.counted_until
        tally = Counter()
        for request in requests:
            if self.counted_until and request.time <= self.counted_until:
                tally["già contate"] += 1
                continue
            newest = max(newest, request.time) if newest else request.time
            page = page_of(request.path)
            if request.method != "GET" or request.status not in COUNTED_STATUSES or page is None \
                    or page.startswith("admin/"):
                tally["altre richieste"] += 1
                continue
            month = f"{request.time:%Y-%m}"
            if self.is_robot(request.agent):
                self.robots[month] += 1
                tally["robot"] += 1
            elif page in self.feedback_pages:
                answers.append((month, request.query))
            else:
                self.visits[month, page] += 1
                known_pages.add(page)
                tally["visite"] += 1
        for month, query in answers:
            answer = self.answer(query, known_pages)
            if answer:
                self.answers[(month, *answer)] += 1
            tally["risposte" if answer else "risposte non valide"] += 1
        self.counted_until = newest
        return tally

    def answer(self, query, known_pages):
        """(page, answer, reason) of a feedback query, or None if any part is not one the site offers."""
        fields = parse_qs(query, keep_blank_values=True)
        if set(fields) - {"pagina", "utile", "motivo"} or any(len(values) > 1 for values in fields.values()):
            return None
        page = page_of(fields.get("pagina", [""])[0].lstrip("/"))  # parse_qs has decoded it
        answer = fields.get("utile", [""])[0]
        reason = fields.get("motivo", [""])[0]
        if page not in known_pages or answer not in ANSWERS or (reason and reason not in self.reasons):
            return None
        return page, answer, reason

    def as_data(self):
        data = {}
        if self.counted_until:
            data["contato_fino_a"] = self.counted_until
        data["visite"] = [{"mese": month, "pagina": page, "visite": number}
                          for (month, page), number in sorted(self.visits.items())]
        data["risposte"] = [{"mese": month, "pagina": page, "risposta": answer, "motivo": reason, "numero": number}
                            for (month, page, answer, reason), number in sorted(self.answers.items())]
        data["robot"] = [{"mese": month, "richieste": number} for month, number in sorted(self.robots.items())]
        return data


def count_logs(logs, data_file, settings):
    """Add the requests of ``logs`` (plain or .gz, in any order) to ``data_file``; return the tally."""
    data_file = Path(data_file)
    data = tomllib.loads(data_file.read_text(encoding="utf-8-sig")) if data_file.is_file() else {}
    statistics = Statistics(data, settings["FEEDBACK_PAGE"], [key for key, _ in settings["FEEDBACK_REASONS"]],
                            settings["LANGUAGES"])
    requests = sorted((request for log in logs for line in read_lines(log)
                       if (request := parse_line(line))), key=lambda request: request.time)
    tally = statistics.count(requests)
    data_file.parent.mkdir(parents=True, exist_ok=True)
    # Written whole beside the file, then renamed over it: a publish never reads half a file.
    partial = data_file.with_name(f".{data_file.name}.partial")
    try:
        partial.write_text(HEADER + tomli_w.dumps(statistics.as_data()), encoding="utf-8")
        partial.replace(data_file)
    finally:
        partial.unlink(missing_ok=True)  # a full disk leaves no hidden file in content/ (the check refuses them)
    return tally
