/* fuzz_script: the headless backend's input script parser must accept or refuse any bytes
 * with a message, never crash or read past the text. */
#include <stddef.h>
#include <stdint.h>

#include "../../platform/headless/headless_script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct headless_script s;
    struct quire_err err;
    if (!headless_script_parse("fuzz", (const char *)data, size, &s, &err))
        headless_script_fini(&s);
    return 0;
}
