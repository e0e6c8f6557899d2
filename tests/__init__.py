import os

# rich's consoles are module globals that freeze COLUMNS if it is set when they are first
# imported: give the whole session one width, before any test imports the CLI, so table output
# never depends on which test (or which xdist worker) imported it first.
os.environ["COLUMNS"] = "200"
