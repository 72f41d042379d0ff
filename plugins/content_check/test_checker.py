"""The checker keeps what it read of each file and reads again only the files that changed."""

import os
import shutil
from pathlib import Path

from pelican.settings import read_settings

from content_check.content_check import ContentChecker

ROOT = Path(__file__).resolve().parents[2]


def test_a_second_check_reads_only_changed_files_and_sees_new_cross_file_problems(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "base", content)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    checker = ContentChecker(settings)
    assert [p for p in checker.check() if not p.warning] == []
    kept = dict(checker.files)

    news = next(path for path in sorted((content / "news").glob("*.md")) if "Comuni:" in path.read_text())
    news.write_text(news.read_text(encoding="utf-8").replace("Comuni: ", "Comuni: atlantide, ", 1), encoding="utf-8")
    problems = [p for p in checker.check() if not p.warning]
    assert [(p.field, p.message.split(":")[0]) for p in problems] == [("Comuni", "«atlantide» non esiste")]
    assert all(checker.files[path] is checked for path, checked in kept.items() if path != str(news))
    assert checker.files[str(news)] is not kept[str(news)]

    # A change in another file alone (the target disappears) is seen through what was kept.
    named = news.read_text(encoding="utf-8").split("Comuni: atlantide, ", 1)[1].split("\n")[0].split(",")[0].strip()
    os.remove(content / "comuni" / f"{named}.md")
    assert any(p.message.startswith(f"«{named}» non esiste") for p in checker.check())
