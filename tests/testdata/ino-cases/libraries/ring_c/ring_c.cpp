#include <ring_d.h>
