export TMOUT=300
