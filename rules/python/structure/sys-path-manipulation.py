import os
import site
import sys
from pathlib import Path
from sys import path as search_path

ROOT = Path(__file__).resolve().parent.parent

# ruleid: sys-path-manipulation
sys.path.insert(0, str(ROOT))
# ruleid: sys-path-manipulation
sys.path.append(os.path.join(os.path.dirname(__file__), ".."))
# ruleid: sys-path-manipulation
sys.path.extend(["/opt/lib", "/srv/lib"])
# ruleid: sys-path-manipulation
sys.path = [str(ROOT)] + sys.path
# ruleid: sys-path-manipulation
sys.path += ["/opt/plugins"]
# ruleid: sys-path-manipulation
sys.path[0] = str(ROOT)
# ruleid: sys-path-manipulation
search_path.insert(0, "/opt/lib")
# ruleid: sys-path-manipulation
site.addsitedir("/opt/site")
# ruleid: sys-path-manipulation
os.environ["PYTHONPATH"] = str(ROOT)
# ruleid: sys-path-manipulation
os.environ["PYTHONPATH"] += os.pathsep + str(ROOT)
# ruleid: sys-path-manipulation
os.environ.setdefault("PYTHONPATH", str(ROOT))
# ruleid: sys-path-manipulation
os.environ.update(PYTHONPATH=str(ROOT), DEBUG="0")
# ruleid: sys-path-manipulation
os.putenv("PYTHONPATH", "/opt/lib")


def add_plugins(folder):
    if folder not in sys.path:
        # ruleid: sys-path-manipulation
        sys.path.insert(0, folder)


# ok: sys-path-manipulation
print(sys.path)
# ok: sys-path-manipulation
paths = list(sys.path)
# ok: sys-path-manipulation
first = sys.path[0]
# ok: sys-path-manipulation
found = "/opt/lib" in sys.path
# ok: sys-path-manipulation
current = os.environ.get("PYTHONPATH", "")
# ok: sys-path-manipulation
os.environ["APP_ENV"] = "production"
# ok: sys-path-manipulation
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.settings")
# ok: sys-path-manipulation
items = []
items.insert(0, "value")
# ok: sys-path-manipulation
for entry in sys.path:
    print(entry)
