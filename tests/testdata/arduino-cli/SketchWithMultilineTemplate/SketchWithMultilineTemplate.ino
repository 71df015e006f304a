template< typename T >  
T func(T t){
    return t * t;
}

void setup() {
  func( 12.34f );
}

void loop() {}
