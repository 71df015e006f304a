template< class V >
V twice(V v){
    return v + v;
}

void setup() {
  twice( 2.5f );
}

void loop() {}
