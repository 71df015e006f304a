/*
  Hands each request to a handler that takes the library's type.
*/

#include <gadget.h>

GadgetLink link;

void setup() {
  link.open();
}

void loop() {
  serve(link);
}

void serve(GadgetLink conn) {
  if (conn.ready()) answer(conn);
}

void answer(GadgetLink conn) {
  conn.send(42);
}
