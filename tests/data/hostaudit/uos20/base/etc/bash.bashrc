# System-wide .bashrc file for interactive bash(1) shells.
shopt -s checkwinsize
