"""genesys-lint from Python: the self-contained binary of the wheel, and a function that runs it.

    import genesys_lint

    report = genesys_lint.check(["exports/"], fail_on="warning", ignore=["GDQ105"])
    for finding in report["findings"]:
        print(finding["ruleId"], finding["file"], finding["line"], finding["message"])
    if report["summary"]["failed"]:
        ...

`check` runs `genesys-lint check --format json` and returns the JSON report as a dict (its
shape is described in the project's README). Keyword options are the command line's: a name's
underscores become dashes (`fail_on="warning"` is `--fail-on warning`), a list or tuple repeats
the option (`select=["GDQ2", "GDQ301"]`), a dict gives NAME=VALUE pairs
(`severity={"GDQ201": "error"}` is `--severity GDQ201=error`), True turns a flag on
(`no_redact=True`), and False or None leaves the option out. Findings at or above the fail
level are in the report (`summary.failed`), not an exception; a run that could not be done
(exit code 2: a missing path, a bad rule or configuration file, ...) raises GenesysLintError
with the tool's message.

The `genesys-lint` command that the wheel installs runs the binary with the same arguments, and
exits as it does.
"""

import json
import os
import subprocess
import sys

__all__ = ["GenesysLintError", "check", "executable", "main"]


class GenesysLintError(Exception):
    """genesys-lint could not do its job (exit code 2, or an end by a signal): `message` is what
    it said on standard error, `returncode` its exit code (negative: the signal), `arguments`
    the command line it was given."""

    def __init__(self, message, returncode, arguments):
        super().__init__(message)
        self.message = message
        self.returncode = returncode
        self.arguments = arguments


def executable():
    """The path of the genesys-lint binary inside this package."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "genesys-lint")


def check(paths, **options):
    """Checks the exports at `paths` (a path, or a list of files, folders and "-" for standard
    input) and returns the JSON report as a dict; `options` are the options of
    `genesys-lint check` (see the module's documentation). Raises GenesysLintError when the run
    could not be done."""
    if "output" in options or "o" in options:
        raise TypeError("check() returns the report; to also keep it in a file, pass format='json=FILE'")
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    arguments = [executable(), "check", "--format", "json", *_flags(options), "--", *map(_text, paths)]
    process = subprocess.run(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    errors = process.stderr.decode("utf-8", "replace")
    if process.returncode not in (0, 1):
        message = errors.strip() or f"genesys-lint ended with status {process.returncode}"
        raise GenesysLintError(message, process.returncode, arguments)
    if errors:
        sys.stderr.write(errors)  # notes, such as records that could not go to --quarantine
    return json.loads(process.stdout)


def _flags(options):
    flags = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            flags.append(flag)
        elif isinstance(value, dict):
            for key, item in value.items():
                flags += [flag, f"{key}={_text(item)}"]
        elif isinstance(value, (list, tuple)):
            for item in value:
                flags += [flag, _text(item)]
        else:
            flags += [flag, _text(value)]
    return flags


def _text(value):
    return os.fsdecode(value) if isinstance(value, (bytes, os.PathLike)) else str(value)


def main():
    """The `genesys-lint` command: replaces this process with the binary, so arguments, standard
    streams, signals and the exit code are the binary's own."""
    binary = executable()
    os.execv(binary, [binary, *sys.argv[1:]])
