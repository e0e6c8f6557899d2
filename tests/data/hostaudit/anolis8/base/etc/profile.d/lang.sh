# /etc/profile.d/lang.sh - exports environment variables
unset LANGSH_SOURCED
