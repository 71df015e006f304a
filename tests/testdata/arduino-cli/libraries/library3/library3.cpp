#include <library1.h>
#include <library4.h>