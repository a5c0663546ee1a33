/* stub: being written */
#include "config.h"
typedef int scalyr_stub_unused_t;
