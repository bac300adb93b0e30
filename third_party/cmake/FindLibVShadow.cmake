# FindLibVShadow.cmake -- our own glue: Debian 12 ships libvshadow.pc and libbfio.pc, so
# pkg-config finds both and we expose one imported target LibVShadow::LibVShadow. libbfio is
# linked directly, not only through libvshadow: src/image/vss/ gives libvshadow a libbfio
# handle whose reads come from our own image layer.
find_package(PkgConfig REQUIRED)
pkg_check_modules(PC_LibVShadow QUIET IMPORTED_TARGET libvshadow)
pkg_check_modules(PC_LibBfio QUIET IMPORTED_TARGET libbfio)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibVShadow REQUIRED_VARS PC_LibVShadow_FOUND PC_LibBfio_FOUND
  VERSION_VAR PC_LibVShadow_VERSION)
if(LibVShadow_FOUND AND NOT TARGET LibVShadow::LibVShadow)
  add_library(LibVShadow::LibVShadow INTERFACE IMPORTED)
  target_link_libraries(LibVShadow::LibVShadow INTERFACE PkgConfig::PC_LibVShadow PkgConfig::PC_LibBfio)
endif()
