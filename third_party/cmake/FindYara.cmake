# FindYara.cmake -- our own glue: Debian 12 ships yara.pc, so pkg-config finds it and we
# expose an imported target Yara::Yara.
find_package(PkgConfig REQUIRED)
pkg_check_modules(PC_Yara QUIET IMPORTED_TARGET yara)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Yara REQUIRED_VARS PC_Yara_FOUND VERSION_VAR PC_Yara_VERSION)
if(Yara_FOUND AND NOT TARGET Yara::Yara)
  add_library(Yara::Yara INTERFACE IMPORTED)
  target_link_libraries(Yara::Yara INTERFACE PkgConfig::PC_Yara)
endif()
