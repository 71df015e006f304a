#pragma once
#include <ring_c.h>
