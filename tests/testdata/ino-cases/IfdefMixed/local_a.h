// first local header: nothing to declare
