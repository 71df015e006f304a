#include "two words.h"

void chatter() {}
