"""The command line: thin Typer groups that parse, call one function and render."""
