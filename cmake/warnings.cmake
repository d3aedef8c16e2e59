# Warnings for wasmconv's own targets; errors when WASMCONV_WERROR is on (the default,
# and always in CI).
function(wasmconv_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wnon-virtual-dtor
    -Wno-unused-parameter)
  if(WASMCONV_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
