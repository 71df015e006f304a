/* begin */

struct Point {
  int x = 1;
  int y;
} origin;

void setup() {
}

void loop() {
  show(&origin);
}

void show (Point * p)
{
  Serial.print(p->x);
}
/* end */
