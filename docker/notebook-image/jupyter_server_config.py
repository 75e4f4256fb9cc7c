"""JupyterLab in the stack: the data folder as its root, all interfaces inside the container
(compose publishes the port on 127.0.0.1 only), and the token start-notebook.sh wrote. A token
set here is shown as `?token=...` in the server's log, never itself."""

import os

TOKEN_FILE = os.environ.get("SPARK_EXPERIMENTS_NOTEBOOK_TOKEN_FILE", "/data/.stack/notebook-token")

c = get_config()  # noqa: F821: provided by Jupyter when it loads this file
with open(TOKEN_FILE, encoding="ascii") as f:
    c.IdentityProvider.token = f.read().strip()
c.ServerApp.ip = "0.0.0.0"
c.ServerApp.port = 8888
c.ServerApp.open_browser = False
c.ServerApp.root_dir = "/data"
# Requests must name this machine (127.0.0.1, localhost) or the service on the compose
# network: a page on another site cannot reach the notebook by rebinding its DNS name.
c.ServerApp.allow_remote_access = False
c.ServerApp.local_hostnames = ["localhost", "notebook"]
c.ServerApp.terminals_enabled = True
# No "new version" or news calls from a classroom's machines.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
# The container runs as the app's user, which is root when the app itself runs as root: the
# container is the boundary there, and Jupyter would otherwise refuse to start.
c.ServerApp.allow_root = True
# JupyterLab keeps the layout and the user's settings beside its configuration by default,
# which is read-only in the image: under HOME (compose sets /tmp) they can be saved.
_home = os.environ.get("HOME") or "/tmp"
c.LabApp.workspaces_dir = os.path.join(_home, ".jupyter", "lab", "workspaces")
c.LabApp.user_settings_dir = os.path.join(_home, ".jupyter", "lab", "user-settings")
