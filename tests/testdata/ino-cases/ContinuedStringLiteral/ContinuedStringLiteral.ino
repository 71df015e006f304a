const char *banner = "\
two \
lines\n";

//" a lone quote in a comment

void setup()
{
}

void loop()
{
}
/*
a block comment at the end
*/
