#ifndef COPENBLAS_SHIM_H
#define COPENBLAS_SHIM_H
/* pkg-config openblas puts OpenBLAS' own include folder on the path, so this is its cblas.h,
   which also declares openblas_set_num_threads and openblas_get_num_threads. */
#include <cblas.h>
#endif
