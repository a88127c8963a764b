# mlide_warnings: an interface target every first-party target links, so flags live in one place.
add_library(mlide_warnings INTERFACE)
target_compile_options(mlide_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough -Wno-missing-field-initializers)
if(MLIDE_WERROR)
  target_compile_options(mlide_warnings INTERFACE -Werror)
endif()
