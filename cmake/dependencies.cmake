# xsimd and doctest from Debian's packages, found the same way natively and under
# Emscripten. Emscripten's toolchain file confines package search to its sysroot, so the
# configs are looked up by path; and /usr/include must never reach em++ (it would put
# glibc's headers in front of Emscripten's), so both libraries are exposed through a
# build-tree folder holding only symlinks to their header directories.
find_package(xsimd 8 CONFIG REQUIRED NO_CMAKE_FIND_ROOT_PATH
  PATHS /usr/lib/x86_64-linux-gnu/cmake /usr/lib/cmake /usr/share/cmake)
find_package(doctest CONFIG REQUIRED NO_CMAKE_FIND_ROOT_PATH
  PATHS /usr/lib/cmake /usr/share/cmake /usr/lib/x86_64-linux-gnu/cmake)

set(WASMCONV_THIRD_PARTY_INCLUDE "${CMAKE_BINARY_DIR}/third_party_include")
file(MAKE_DIRECTORY "${WASMCONV_THIRD_PARTY_INCLUDE}")
get_target_property(_xsimd_inc xsimd INTERFACE_INCLUDE_DIRECTORIES)
get_target_property(_doctest_inc doctest::doctest INTERFACE_INCLUDE_DIRECTORIES)
foreach(_pair "xsimd;${_xsimd_inc}" "doctest;${_doctest_inc}")
  list(GET _pair 0 _name)
  list(GET _pair 1 _root)
  if(NOT EXISTS "${WASMCONV_THIRD_PARTY_INCLUDE}/${_name}")
    file(CREATE_LINK "${_root}/${_name}" "${WASMCONV_THIRD_PARTY_INCLUDE}/${_name}" SYMBOLIC)
  endif()
endforeach()
# Debian's xsimd target also lists xtl as a link library; only its complex support needs it.
set_target_properties(xsimd PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${WASMCONV_THIRD_PARTY_INCLUDE}"
  INTERFACE_LINK_LIBRARIES "")
set_target_properties(doctest::doctest PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${WASMCONV_THIRD_PARTY_INCLUDE}")
