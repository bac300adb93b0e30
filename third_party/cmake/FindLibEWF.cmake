# FindLibEWF.cmake -- our own glue: Debian 12 ships libewf.pc, so pkg-config finds it and we
# expose an imported target LibEWF::LibEWF.
find_package(PkgConfig REQUIRED)
pkg_check_modules(PC_LibEWF QUIET IMPORTED_TARGET libewf)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibEWF REQUIRED_VARS PC_LibEWF_FOUND VERSION_VAR PC_LibEWF_VERSION)
if(LibEWF_FOUND AND NOT TARGET LibEWF::LibEWF)
  add_library(LibEWF::LibEWF INTERFACE IMPORTED)
  target_link_libraries(LibEWF::LibEWF INTERFACE PkgConfig::PC_LibEWF)
endif()
