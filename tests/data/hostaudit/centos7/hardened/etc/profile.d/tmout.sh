# 等保: idle shells end after 10 minutes
readonly TMOUT=600
export TMOUT
