#!/usr/bin/env python3
"""Packs a built genesys-lint binary and the Python package in Python/genesys_lint into a wheel.

    Scripts/pack-wheel.py --binary FILE --version 0.1.0 --platform manylinux_2_35_x86_64 --dist DIRECTORY

Called by Scripts/build-wheel, which builds the binary and finds its platform tag. A wheel is a
zip file (PEP 427): the package, with the binary as genesys_lint/bin/genesys-lint (executable),
and a .dist-info folder with METADATA, WHEEL, entry_points.txt (the `genesys-lint` command) and
RECORD (every file's SHA-256 and size). Entries are written in a fixed order with a fixed date,
so the same inputs give the same wheel, byte for byte. Prints the wheel's path.
"""
import argparse
import base64
import hashlib
import pathlib
import re
import zipfile

PROJECT = "genesys-lint"
PACKAGE = "genesys_lint"
SUMMARY = "Rules-based data-quality linter for Genesys Cloud analytics conversation-detail exports"
# Zip's earliest date: the entries carry no build time.
ENTRY_DATE = (1980, 1, 1, 0, 0, 0)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, type=pathlib.Path, help="the genesys-lint binary to ship")
    parser.add_argument("--version", required=True, help="the tool's version (genesys-lint --version)")
    parser.add_argument("--platform", required=True, help="platform tag, e.g. manylinux_2_35_x86_64")
    parser.add_argument("--package", type=pathlib.Path, default=pathlib.Path(__file__).resolve().parent.parent / "Python" / PACKAGE,
                        help="the Python package's source folder (default: Python/genesys_lint)")
    parser.add_argument("--dist", type=pathlib.Path, default=pathlib.Path("dist"), help="folder for the wheel (default: dist)")
    arguments = parser.parse_args()
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)*", arguments.version):
        parser.error(f"version {arguments.version!r} is not of the form 1.2.3")
    if not re.fullmatch(r"[a-z0-9_]+", arguments.platform):
        parser.error(f"platform tag {arguments.platform!r} is not a wheel platform tag")
    return arguments


def metadata(version):
    return (f"Metadata-Version: 2.1\n"
            f"Name: {PROJECT}\n"
            f"Version: {version}\n"
            f"Summary: {SUMMARY}\n"
            f"Requires-Python: >=3.8\n"
            f"Description-Content-Type: text/markdown\n"
            f"\n"
            f"The `{PROJECT}` command, a self-contained Linux binary that needs neither Swift nor jansson, "
            f"and the `{PACKAGE}` module: `{PACKAGE}.check(paths, **options)` returns the JSON report "
            f"as a dict, `{PACKAGE}.executable()` is the binary's path.\n")


def wheel_file(tag):
    return (f"Wheel-Version: 1.0\n"
            f"Generator: {PROJECT} Scripts/pack-wheel.py\n"
            f"Root-Is-Purelib: false\n"
            f"Tag: {tag}\n")


def entry_points():
    return f"[console_scripts]\n{PROJECT} = {PACKAGE}:main\n"


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"{name},sha256={digest},{len(data)}\n"


def entries(arguments, tag):
    """(name in the wheel, bytes, executable) for every file but RECORD, in the wheel's order."""
    sources = sorted(path for path in arguments.package.rglob("*.py") if "__pycache__" not in path.parts)
    for path in sources:
        yield f"{PACKAGE}/{path.relative_to(arguments.package).as_posix()}", path.read_bytes(), False
    yield f"{PACKAGE}/bin/genesys-lint", arguments.binary.read_bytes(), True
    info = f"{PACKAGE}-{arguments.version}.dist-info"
    yield f"{info}/METADATA", metadata(arguments.version).encode(), False
    yield f"{info}/WHEEL", wheel_file(tag).encode(), False
    yield f"{info}/entry_points.txt", entry_points().encode(), False


def write_entry(archive, name, data, executable):
    info = zipfile.ZipInfo(name, date_time=ENTRY_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, so that the permission bits below are read
    info.external_attr = ((0o100755 if executable else 0o100644) & 0xFFFF) << 16
    archive.writestr(info, data)


def main():
    arguments = parse_arguments()
    tag = f"py3-none-{arguments.platform}"
    arguments.dist.mkdir(parents=True, exist_ok=True)
    wheel = arguments.dist / f"{PACKAGE}-{arguments.version}-{tag}.whl"
    partial = wheel.with_name(wheel.name + ".partial")
    record = f"{PACKAGE}-{arguments.version}.dist-info/RECORD"
    with zipfile.ZipFile(partial, "w") as archive:
        lines = []
        for name, data, executable in entries(arguments, tag):
            write_entry(archive, name, data, executable)
            lines.append(record_line(name, data))
        write_entry(archive, record, ("".join(lines) + f"{record},,\n").encode(), False)
    partial.replace(wheel)
    print(wheel)


if __name__ == "__main__":
    main()
