void setup() {
  // a comment with a lone " in it
  /* and \" one here */
  Serial.println("path: /*");
  Serial.println("quote \" then */");
  Serial.println("slash \\"); // */ after a string
}

void loop() {
}
