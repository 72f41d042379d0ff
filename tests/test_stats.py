"""`invoke stats` on a sample log (tests/fixtures/access.log): what is a visit, what a robot, what
an answer to «Questa pagina ti è stata utile?»; nothing of a visitor in the output; the server's
units and log rotation agree with the settings."""

import re
import subprocess
import sys
import tomllib

from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

from tests.conftest import ROOT

SETTINGS = {**DEFAULT_CONFIG, **get_settings_from_file(str(ROOT / "pelicanconf.py"))}
LOG = ROOT / "tests" / "fixtures" / "access.log"


def run_stats(data, *logs):
    result = subprocess.run([sys.executable, "-m", "invoke", "stats", *(f"--log={log}" for log in logs),
                             f"--data={data}"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_counts_pages_languages_answers_and_robots(tmp_path):
    data = tmp_path / "statistiche.toml"
    output = run_stats(data, LOG)
    counted = tomllib.loads(data.read_text(encoding="utf-8"))
    assert counted["visite"] == [
        {"mese": "2026-11", "pagina": "", "visite": 1},
        {"mese": "2026-11", "pagina": "comuni/latina/", "visite": 1},
        # …/index.html and a 304 are the same page, visited twice
        {"mese": "2026-12", "pagina": "ar/progetto/", "visite": 2},
        {"mese": "2026-12", "pagina": "en/comuni/latina/", "visite": 1},
        {"mese": "2026-12", "pagina": "fr/comuni/latina/", "visite": 1},
    ]
    # The answers whose every part is one the site offers, about a page that was visited.
    assert counted["risposte"] == [
        {"mese": "2026-12", "pagina": "ar/progetto/", "risposta": "si", "motivo": "", "numero": 1},
        {"mese": "2026-12", "pagina": "comuni/latina/", "risposta": "si", "motivo": "", "numero": 1},
        {"mese": "2026-12", "pagina": "en/comuni/latina/", "risposta": "no", "motivo": "lingua", "numero": 1},
        {"mese": "2026-12", "pagina": "fr/comuni/latina/", "risposta": "no", "motivo": "non-chiara", "numero": 1},
    ]
    # Googlebot in November; bingbot, curl, python-requests, no user agent, AhrefsBot in December.
    assert counted["robot"] == [{"mese": "2026-11", "richieste": 1}, {"mese": "2026-12", "richieste": 5}]
    assert "risposte 4" in output and "risposte non valide 4" in output and "robot 6" in output


def test_the_statistics_keep_nothing_of_a_visitor(tmp_path):
    data = tmp_path / "statistiche.toml"
    run_stats(data, LOG)
    text = data.read_text(encoding="utf-8")
    log = LOG.read_text(encoding="utf-8")
    addresses = set(re.findall(r"^(\S+) \[", log, re.MULTILINE))
    agents = set(re.findall(r'" \d{3} \d+ "([^"]+)"$', log, re.MULTILINE)) - {"-"}
    assert len(addresses) >= 5 and len(agents) >= 6
    assert [value for value in addresses | agents if value in text] == []
    for word in ("Mozilla", "Googlebot", "curl", "spam", "ciao", "compra", "forse"):
        assert word not in text, word


def test_counting_again_adds_nothing_twice(tmp_path):
    data = tmp_path / "statistiche.toml"
    run_stats(data, LOG)
    first = data.read_text(encoding="utf-8")
    assert "nessuna richiesta nuova" not in first
    # The same log again, and with its rotated copy: everything was counted already.
    (tmp_path / "access.log.1").write_bytes(LOG.read_bytes())
    # 25 requests in the sample (one line is not in the site's format), twice.
    assert run_stats(data, f"{tmp_path}/access.log*", LOG).endswith(": già contate 50\n")
    assert data.read_text(encoding="utf-8") == first
    # A later request is added to the month it belongs to.
    later = tmp_path / "access.log"
    later.write_text('203.0.113.0 [03/Dec/2026:10:00:00 +0100] "GET /fr/comuni/latina/ HTTP/2.0" 200 7200 '
                     '"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"\n', encoding="utf-8")
    run_stats(data, later)
    visits = tomllib.loads(data.read_text(encoding="utf-8"))["visite"]
    assert {"mese": "2026-12", "pagina": "fr/comuni/latina/", "visite": 2} in visits


def test_a_missing_log_is_named(tmp_path):
    result = subprocess.run([sys.executable, "-m", "invoke", "stats", "--log", str(tmp_path / "manca.log"),
                             f"--data={tmp_path / 'statistiche.toml'}"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "manca.log: il registro non si legge" in result.stderr


def test_the_server_keeps_the_log_as_long_as_the_privacy_page_says():
    rotation = (ROOT / "deploy" / "logrotate-nginx").read_text(encoding="utf-8")
    # Rotated daily: the current log and `rotate` older ones, a day each.
    assert re.search(r"^\s*daily$", rotation, re.MULTILINE)
    assert int(re.search(r"^\s*rotate (\d+)$", rotation, re.MULTILINE)[1]) + 1 == SETTINGS["ACCESS_LOG_DAYS"]


def test_the_log_format_is_the_one_invoke_stats_reads():
    nginx = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert re.search(r"log_format lgnetea '\$lgnetea_anonymous_addr \[\$time_local\] \"\$request\" \$status "
                     r"\$body_bytes_sent \"\$http_user_agent\"';", nginx)
    service = (ROOT / "deploy" / "lgnetea-stats.service").read_text(encoding="utf-8")
    timer = (ROOT / "deploy" / "lgnetea-stats.timer").read_text(encoding="utf-8")
    assert 'invoke stats --log "/var/log/nginx/access.log*"' in service
    assert "invoke publish --target" in service
    assert "SupplementaryGroups=adm" in service and "OnCalendar=" in timer
