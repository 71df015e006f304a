int level = 0;

void setup() {
}

void loop() {
}

typedef void (*Steps[])();
Steps program = {glow};

void glow()
{
  level++;
}
