class Job {
  public:
    Job(void (*run)()) { (void)run; }
};

#include "handlers.h"
Job heartbeat(&onBeat);
void onBeat() {}
void setup() {}
void loop() {}
