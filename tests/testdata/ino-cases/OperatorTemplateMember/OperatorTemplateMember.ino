template< uint8_t Size >
  class Ring {
    public:
    template< uint8_t M >
      Ring &operator <<=( const Ring<M> &other ){
        (void)other;
        return *this;
    }
};

Ring<8> big;
Ring<4> tiny;

void setup(){
  big <<= tiny;
}

void loop(){}
