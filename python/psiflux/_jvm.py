"""Starting the JVM that runs psiflux in this process (JPype), and reaching its classes."""
import glob
import os

import jpype

from ._errors import Error

_SUPPORT_JARS = ["/usr/share/java/org.jpype.jar"]  # Debian's python3-jpype needs it on the class path


def _classpath():
    """psiflux's classes: PSIFLUX_CLASSPATH (tests), PSIFLUX_JAR, the jar in the package, a checkout's target/."""
    cp = os.environ.get("PSIFLUX_CLASSPATH")
    if cp:
        return [p for p in cp.split(os.pathsep) if p]
    jar = os.environ.get("PSIFLUX_JAR")
    if jar:
        if not os.path.isfile(jar):
            raise Error(f"PSIFLUX_JAR: no such file: {jar}")
        return [jar]
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, "lib", "psiflux.jar"),
                      os.path.join(here, "..", "..", "target", "psiflux.jar")):
        if os.path.isfile(candidate):
            return [os.path.normpath(candidate)]
    raise Error("psiflux.jar not found: set PSIFLUX_JAR to it, or build it in a checkout with "
                "'./psiflux info' (or 'mvn package') and install the package from there")


def _heap():
    """Three quarters of physical memory, as the psiflux launcher sizes it."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return f"-Xmx{int(line.split()[1]) * 3 // 4 // 1024}m"
    except OSError:
        pass
    return None


def start():
    """Starts the JVM once per process (a JVM cannot be restarted); later calls do nothing."""
    if jpype.isJVMStarted():
        return
    cp = _classpath() + [j for j in _SUPPORT_JARS if os.path.isfile(j)]
    args = []
    opts = os.environ.get("PSIFLUX_JAVA_OPTS")
    if opts:
        args += opts.split()
    elif _heap():
        args.append(_heap())
    args += ["-Djava.awt.headless=true"]
    os.environ.setdefault("POCL_CACHE_DIR", os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.join(os.path.expanduser("~"), ".cache")), "psiflux", "pocl"))
    os.makedirs(os.environ["POCL_CACHE_DIR"], exist_ok=True)
    # interrupt=False: Ctrl-C comes back to Python as KeyboardInterrupt instead of halting the process
    jpype.startJVM(*args, classpath=cp, interrupt=False, convertStrings=True)


def J(name):
    """A Java class of psiflux (or the JDK) by its full name, the JVM started on first use.

    ``from io.psiflux import ...`` would collide with Python's own ``io`` module, so classes are
    reached by name."""
    start()
    return jpype.JClass(name)


def java_error(e):
    """The psiflux Error for a Java exception: its one-line message, without the Java stack."""
    cls = e.getClass().getName() if hasattr(e, "getClass") else type(e).__name__
    msg = e.getMessage() if hasattr(e, "getMessage") else str(e)
    if cls in ("io.psiflux.UserError", "java.lang.IllegalArgumentException", "java.lang.IllegalStateException",
               "java.io.UncheckedIOException", "java.io.IOException", "java.nio.file.NoSuchFileException",
               "io.psiflux.sim.NumericalFailure"):
        return Error(str(msg))
    return Error(f"{cls}: {msg}")


def calling(fn):
    """Runs fn(), turning Java exceptions into psiflux.Error."""
    start()
    try:
        return fn()
    except jpype.JException as e:
        raise java_error(e) from None
