import datetime
import json

import pytest

from site_data.site_data import DataFileError, load_data, write_exports


def test_each_toml_file_becomes_a_key(tmp_path):
    (tmp_path / "risultati.toml").write_text('[[indicatori]]\nvalore = 3000\n', encoding="utf-8")
    (tmp_path / "note.txt").write_text("ignored", encoding="utf-8")
    assert load_data(tmp_path) == {"risultati": {"indicatori": [{"valore": 3000}]}}


def test_broken_file_is_named_in_the_error(tmp_path):
    (tmp_path / "rotto.toml").write_text("valore = = 3", encoding="utf-8")
    with pytest.raises(DataFileError, match="rotto.toml"):
        load_data(tmp_path)


def test_exports_are_json_and_csv(tmp_path):
    data = {"risultati": {"fonte": "prova", "indicatori": [
        {"valore": 3000, "misura": "oltre", "etichetta": "persone, prese in carico"}]}}
    write_exports(data, {"risultati": "indicatori"}, tmp_path / "dati")
    assert json.loads((tmp_path / "dati" / "risultati.json").read_text(encoding="utf-8")) == data["risultati"]
    assert (tmp_path / "dati" / "risultati.csv").read_text(encoding="utf-8") == (
        'valore,misura,etichetta\n3000,oltre,"persone, prese in carico"\n')


def test_a_date_in_a_data_file_is_iso_text_in_the_json(tmp_path):
    data = {"risultati": {"aggiornamento": datetime.date(2026, 11, 25), "indicatori": [{"valore": 1}]}}
    write_exports(data, {"risultati": "indicatori"}, tmp_path / "dati")
    assert json.loads((tmp_path / "dati" / "risultati.json").read_text(encoding="utf-8"))["aggiornamento"] == "2026-11-25"
