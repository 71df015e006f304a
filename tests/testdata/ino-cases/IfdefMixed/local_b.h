// second local header: nothing to declare
