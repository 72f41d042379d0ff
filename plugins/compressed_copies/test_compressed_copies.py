import gzip
import random

import brotli

from compressed_copies.compressed_copies import KEEP_BUILDS, write_copies

PAGE = ("<!doctype html><title>Pagina</title>" + "<p>Una rete di comuni per l'inclusione.</p>" * 40).encode()


def settings(tmp_path, **overrides):
    return {"CACHE_PATH": str(tmp_path / "cache"), **overrides}


def site(folder, files):
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def test_copies_of_text_files_decode_to_the_same_bytes(tmp_path):
    noise = random.Random(1).randbytes(4000)
    out = site(tmp_path / "out", {"index.html": PAGE, "news/atom.xml": PAGE, "theme/style.css": PAGE,
                                  "tiny.txt": b"ciao", "photo.jpg": PAGE, "noise.txt": noise})
    write_copies(out, settings(tmp_path))
    for name in ("index.html", "news/atom.xml", "theme/style.css"):
        assert brotli.decompress((out / f"{name}.br").read_bytes()) == PAGE
        assert gzip.decompress((out / f"{name}.gz").read_bytes()) == PAGE
    # Too small to be worth it, not text, or not smaller once compressed: no copies.
    assert sorted(path.name for path in out.glob("*.??")) == ["index.html.br", "index.html.gz"]


def test_unchanged_files_are_not_compressed_again_and_give_the_same_bytes(tmp_path):
    first = site(tmp_path / "first", {"a.html": PAGE, "b.html": PAGE + b"<p>b</p>"})
    assert write_copies(first, settings(tmp_path)).compressed == 4
    again = site(tmp_path / "again", {"a.html": PAGE, "b.html": PAGE + b"<p>changed</p>"})
    cache = write_copies(again, settings(tmp_path))
    assert (cache.reused, cache.compressed) == (2, 2)
    for name in ("a.html.br", "a.html.gz"):
        assert (again / name).read_bytes() == (first / name).read_bytes()
    assert brotli.decompress((again / "b.html.br").read_bytes()) == PAGE + b"<p>changed</p>"


def test_a_build_without_the_cache_gives_the_same_bytes(tmp_path):
    one = site(tmp_path / "one", {"index.html": PAGE})
    two = site(tmp_path / "two", {"index.html": PAGE})
    write_copies(one, settings(tmp_path / "x"))
    write_copies(two, settings(tmp_path / "y"))
    for name in ("index.html.br", "index.html.gz"):
        assert (one / name).read_bytes() == (two / name).read_bytes()
    assert (one / "index.html.gz").read_bytes()[4:8] == bytes(4)  # no time in the gzip header


def test_other_settings_are_other_entries(tmp_path):
    out = site(tmp_path / "out", {"index.html": PAGE})
    write_copies(out, settings(tmp_path))
    cache = write_copies(out, settings(tmp_path, PRECOMPRESS_BROTLI_QUALITY=11))
    assert (cache.reused, cache.compressed) == (1, 1)  # the gzip copy, a new brotli copy


def test_formats_can_be_switched_off(tmp_path):
    out = site(tmp_path / "out", {"index.html": PAGE})
    write_copies(out, settings(tmp_path, PRECOMPRESS_BROTLI=False))
    assert sorted(path.name for path in out.iterdir()) == ["index.html", "index.html.gz"]
    assert write_copies(out, settings(tmp_path, PRECOMPRESS_BROTLI=False, PRECOMPRESS_GZIP=False)) is None


def test_copies_unused_for_some_builds_are_dropped(tmp_path):
    old = site(tmp_path / "old", {"index.html": PAGE + b"<p>old</p>"})
    write_copies(old, settings(tmp_path))
    new = site(tmp_path / "new", {"index.html": PAGE})
    for _ in range(KEEP_BUILDS - 1):
        write_copies(new, settings(tmp_path))
    assert write_copies(old, settings(tmp_path)).compressed == 0  # used KEEP_BUILDS builds ago: kept
    for _ in range(KEEP_BUILDS):
        write_copies(new, settings(tmp_path))
    assert write_copies(old, settings(tmp_path)).compressed == 2


def test_a_broken_cache_file_is_ignored(tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "compressed_copies.pickle").write_bytes(b"not a pickle")
    out = site(tmp_path / "out", {"index.html": PAGE})
    assert write_copies(out, settings(tmp_path)).compressed == 2
    assert write_copies(out, settings(tmp_path)).reused == 2


def test_folders_still_being_written_are_compressed_after_waiting_for_them(tmp_path):
    out = site(tmp_path / "out", {"index.html": PAGE})
    late = out / "pagefind"

    def wait():
        assert (out / "index.html.gz").is_file()  # the rest was done meanwhile
        site(late, {"pagefind.js": PAGE})

    write_copies(out, settings(tmp_path), [(late, wait)])
    assert gzip.decompress((late / "pagefind.js.gz").read_bytes()) == PAGE


def test_vendor_files_keep_their_copies_in_their_own_cache(tmp_path):
    files = {"admin/decap-cms.js": PAGE + b"//vendor", "admin/lgnetea-cms.js": PAGE + b"//ours", "index.html": PAGE}
    vendor = {"PRECOMPRESS_VENDOR_FILES": ["admin/decap-cms.js"],
              "PRECOMPRESS_VENDOR_CACHE": str(tmp_path / "node_modules" / "copies.pickle")}
    first = site(tmp_path / "first", files)
    assert write_copies(first, settings(tmp_path / "one", **vendor)).compressed == 4  # the site's cache
    # A cold build (a new site cache) compresses the site's files again, not the vendor's.
    cold = site(tmp_path / "cold", files)
    assert write_copies(cold, settings(tmp_path / "two", **vendor)).compressed == 4
    assert (tmp_path / "node_modules" / "copies.pickle").is_file()
    without = site(tmp_path / "without", files)
    assert write_copies(without, settings(tmp_path / "three")).compressed == 6
    for name in files:
        for extension in (".br", ".gz"):
            copy = name + extension
            assert (cold / copy).read_bytes() == (first / copy).read_bytes() == (without / copy).read_bytes()
