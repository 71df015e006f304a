template <int N> struct Mask { enum { bits = N }; };
template <> struct Mask<0> : public Mask<1 << 4> {};
template <> struct Mask<1> : public Mask<2 < 4> {};

template <class A, template <class> class B> struct Pair {
  B<A> inner;
};

void report()
{
}

Mask< 3 > small;
Mask< 1<<5 > large;

template<int S> width( Mask< 1<<S> & m) {
}
