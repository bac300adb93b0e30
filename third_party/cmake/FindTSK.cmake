# FindTSK.cmake -- our own glue: Debian 12 ships tsk.pc, so pkg-config finds it and we
# expose an imported target TSK::TSK.
find_package(PkgConfig REQUIRED)
pkg_check_modules(PC_TSK QUIET IMPORTED_TARGET tsk)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(TSK REQUIRED_VARS PC_TSK_FOUND VERSION_VAR PC_TSK_VERSION)
if(TSK_FOUND AND NOT TARGET TSK::TSK)
  add_library(TSK::TSK INTERFACE IMPORTED)
  target_link_libraries(TSK::TSK INTERFACE PkgConfig::PC_TSK)
endif()
