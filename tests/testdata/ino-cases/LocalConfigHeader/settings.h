#define VERBOSE 1
