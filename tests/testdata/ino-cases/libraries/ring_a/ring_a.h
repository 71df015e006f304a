#pragma once
#include <ring_b.h>
