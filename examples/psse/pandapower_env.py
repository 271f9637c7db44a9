"""Runs the calling script under a virtual environment with pandapower, creating it when missing.

The environment is examples/psse/.venv (git-ignored), made with the system Python's
`venv --system-site-packages` (NumPy and SciPy come from the system) and `pip install`.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(HERE, ".venv")
PYTHON = os.path.join(VENV, "bin", "python")
# The version the committed fixtures were exported and verified with.
REQUIREMENTS = ["pandapower==3.5.4"]
OPTIONAL = ["numba"]  # makes pandapower's power flow fast; everything works without it


def die(message):
    print(f"{os.path.basename(sys.argv[0])}: {message}", file=sys.stderr)
    sys.exit(2)


def _in_venv():
    return os.path.realpath(sys.prefix) == os.path.realpath(VENV)


def ensure_pandapower():
    """Returns when pandapower imports; otherwise re-executes this script under the venv (made if missing)."""
    try:
        import pandapower  # noqa: F401
        return
    except ImportError:
        pass
    if not _in_venv():
        if not os.path.exists(PYTHON):
            print(f"creating {VENV} (one time)...", file=sys.stderr)
            r = subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", VENV])
            if r.returncode != 0:
                die(f"could not create the virtual environment {VENV}: install python3-venv and run again")
        os.execv(PYTHON, [PYTHON, os.path.abspath(sys.argv[0])] + sys.argv[1:])
    print(f"installing {' '.join(REQUIREMENTS)} into {VENV} (one time)...", file=sys.stderr)
    r = subprocess.run([PYTHON, "-m", "pip", "install", "-q", *REQUIREMENTS])
    if r.returncode != 0:
        die(f"pip could not install {' '.join(REQUIREMENTS)} into {VENV}: check the package index and run again")
    if subprocess.run([PYTHON, "-m", "pip", "install", "-q", *OPTIONAL]).returncode != 0:
        print(f"note: {' '.join(OPTIONAL)} did not install; pandapower runs without it (slower)", file=sys.stderr)
    os.execv(PYTHON, [PYTHON, os.path.abspath(sys.argv[0])] + sys.argv[1:])


def quiet_pandapower():
    """Silences pandapower's start-up chatter (the numba notice) and its per-call info logging."""
    import logging
    import warnings
    warnings.filterwarnings("ignore", module="pandapower")
    warnings.filterwarnings("ignore", category=FutureWarning)
    logging.getLogger("pandapower").setLevel(logging.ERROR)
