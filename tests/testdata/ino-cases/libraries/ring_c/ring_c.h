#pragma once
#include <ring_a.h>
