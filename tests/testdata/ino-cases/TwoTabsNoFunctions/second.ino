// The other tab has no function either.
int shared = 1;
