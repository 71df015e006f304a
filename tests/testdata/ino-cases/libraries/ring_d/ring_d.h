#pragma once
// the end of the chain: nothing to declare
