void chatter();
