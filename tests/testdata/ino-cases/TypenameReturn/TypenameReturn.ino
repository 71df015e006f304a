template< typename T >
  struct Box{
    typedef T Item;
};

void setup() {
  take();
}

void loop() {}

typename Box<int>::Item take(){
  return 0;
}
