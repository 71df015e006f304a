void setup() {
  four(1, 2, 3, 4);
  bare();
  noted();
  three(1, 2, 3);
  boxed();
  block();
  shifted(1, 2);
  spaced(0, 0, 0);
}

void four(int a,
int b,
int c,
int d) { }

void loop() {}

void
bare() {}

void
// a note
noted() {}

void
three(int a,
   int b,
   int c)
{
}

void /* inline note */
boxed() {}

void
/*
spread
out
*/
block() {}

 void
 /* indented */
 shifted(int a,
    int b) {}

void spaced(int a,
            int b,
            int c ) {}
