workers = {{'$STRATA_T_WORKERS:4'}}
root = "{{$STRATA_T_ROOT:./data}}"
