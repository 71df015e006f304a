void onBeat();
