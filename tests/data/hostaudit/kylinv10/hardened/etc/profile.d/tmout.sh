TMOUT=600; readonly TMOUT; export TMOUT
