a = '\x7b{$STRATA_T_NAME}}'
