# Compiler options for creditdata's own targets only: dependencies and
# consumers never inherit our warnings or sanitizers.
function(creditdata_target_options target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wcast-align -Wformat=2
    -Wimplicit-fallthrough $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor>)
  # GCC 12 reports false -Wrestrict positives inside libstdc++ for
  # std::string concatenation at -O2 and above (GCC bug 105329).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND
     CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(CREDITDATA_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(CREDITDATA_SANITIZE)
    target_compile_options(${target} PRIVATE
      -fsanitize=${CREDITDATA_SANITIZE} -fno-omit-frame-pointer
      -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${CREDITDATA_SANITIZE})
  endif()
endfunction()
