// The Catch2 main shared by engine_tests and unit_tests (native and wasm).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
