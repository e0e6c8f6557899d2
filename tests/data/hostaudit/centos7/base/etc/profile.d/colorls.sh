alias ll='ls -l --color=auto' 2>/dev/null
