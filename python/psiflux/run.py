"""Running a config file (or a loaded and changed config) as `psiflux run` does, in this process."""
import json
import os
import tempfile
import time
import tomllib

import jpype
import numpy as np

from ._errors import Error
from ._jvm import J, start


class Config(dict):
    """A config as nested dicts (sections, keys), loaded with :func:`load_config`; change it and
    pass it to :func:`run`. File paths in it (initial.file, potential.file) are made absolute when
    it is loaded, so it runs from anywhere."""

    def __init__(self, data, name="config"):
        super().__init__(data)
        self.name = name


def load_config(path):
    """Reads a psiflux TOML config into a :class:`Config` (nothing is checked until it runs)."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise Error(f"{path}: {e.strerror}") from None
    except tomllib.TOMLDecodeError as e:
        raise Error(f"{path}: not valid TOML: {e}") from None
    base = os.path.dirname(os.path.abspath(path))
    for section in ("initial", "potential"):
        s = data.get(section)
        if isinstance(s, dict) and isinstance(s.get("file"), str) and not os.path.isabs(s["file"]):
            s["file"] = os.path.join(base, s["file"])
    return Config(data, os.path.splitext(os.path.basename(path))[0])


def _toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    if isinstance(v, str):
        return json.dumps(v)  # a TOML basic string is a JSON string
    if isinstance(v, (list, tuple, np.ndarray)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise Error(f"config: cannot write a value of type {type(v).__name__} to TOML")


def dumps(config):
    """A config (nested dicts; lists of dicts are arrays of tables, e.g. [[flux]]) as TOML text."""
    lines = []
    for section, body in config.items():
        if isinstance(body, dict):
            lines.append(f"[{section}]")
            lines += [f"{k} = {_toml_value(v)}" for k, v in body.items()]
            lines.append("")
        elif isinstance(body, list) and body and all(isinstance(b, dict) for b in body):
            for b in body:
                lines.append(f"[[{section}]]")
                lines += [f"{k} = {_toml_value(v)}" for k, v in b.items()]
                lines.append("")
        else:
            lines.insert(0, f"{section} = {_toml_value(body)}")
    return "\n".join(lines)


class RunResult:
    """What a run left: ``folder``, ``code`` (the exit code `psiflux run` would give), ``summary``
    (summary.json as a dict), ``observables`` (observables.csv as a numpy structured array, one
    field per column) and ``load(name)`` for any .npy file in the folder."""

    def __init__(self, folder, code):
        self.folder = folder
        self.code = code
        with open(os.path.join(folder, "summary.json")) as f:
            self.summary = json.load(f)
        table = os.path.join(folder, "observables.csv")
        self.observables = np.genfromtxt(table, delimiter=",", names=True) if os.path.exists(table) else None

    @property
    def status(self):
        return self.summary.get("status")

    def load(self, name):
        return np.load(os.path.join(self.folder, name if name.endswith(".npy") else name + ".npy"))

    def __repr__(self):
        return f"RunResult(status={self.status!r}, folder={self.folder!r})"


def run(config, out=None, backend=None, precision=None, device=None, overwrite=False, resume=False):
    """Runs a config (a path, or a :class:`Config`) like ``psiflux run``, in this process.

    Writes to ``out``, or to a fresh temporary folder (so a second call never trips over the
    first's output). Returns a :class:`RunResult`; a refused config raises :class:`Error` with the
    one-line message; Ctrl-C stops the run after the step in flight, with its summary written
    (status "interrupted"), and raises KeyboardInterrupt. A run that ends with a non-zero exit code
    for another reason (numerical failure: 4; imaginary-time states not converged: 3) returns its
    result: check ``result.code`` and ``result.status``."""
    start()
    tmp = None
    if isinstance(config, dict):
        name = getattr(config, "name", "config")
        tmp = tempfile.mkdtemp(prefix="psiflux-config-")
        path = os.path.join(tmp, name + ".toml")
        with open(path, "w") as f:
            f.write(dumps(config))
    else:
        path = os.fspath(config)
    if out is None:
        out = os.path.join(tempfile.mkdtemp(prefix="psiflux-run-"), "out")
    args = ["run", path, "--out", os.fspath(out)]
    if backend:
        args += ["--backend", backend]
    if precision:
        args += ["--precision", precision]
    if device is not None:
        args += ["--device", str(device)]
    if overwrite:
        args.append("--overwrite")
    if resume:
        args.append("--resume")
    stop = J("java.util.concurrent.atomic.AtomicBoolean")(False)
    future = J("io.psiflux.cli.Embedded").start(stop, jpype.JArray(jpype.JString)(args))
    interrupted = False
    while not future.isDone():
        try:
            time.sleep(0.05)
        except KeyboardInterrupt:
            stop.set(True)  # the run stops after the chunk in flight and writes its summary
            interrupted = True
    failure = []
    try:
        r = future.get()
    except jpype.JException as e:  # a Java exception the command line did not turn into a message
        failure.append(e.getCause() if e.getCause() is not None else e)
    if failure:
        raise Error(str(failure[0])) from None
    code, message = int(r.code()), r.message()
    if code == 2:
        raise Error(str(message) if message is not None else "the config was refused")
    if not os.path.exists(os.path.join(out, "summary.json")):
        raise Error(str(message) if message is not None else f"the run wrote no summary (exit code {code})")
    res = RunResult(os.fspath(out), code)
    if interrupted:
        raise KeyboardInterrupt(f"psiflux run interrupted; its folder: {res.folder}")
    return res
