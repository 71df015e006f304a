#pragma once

class GadgetLink {
  public:
    void open() {}
    bool ready() { return true; }
    void send(int value) { (void)value; }
};
