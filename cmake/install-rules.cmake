# Install and export rules, after cmake-init's layout: the public libraries with a
# namespaced export set (diary::domain, diary::store, diary::analysis, diary::report,
# diary::app), their headers, the executables, and a package config that finds every
# dependency a consumer links through them. The schema is compiled into diary::store and
# the warnings target is build-only: neither is exported.
include(CMakePackageConfigHelpers)
set(DIARY_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/diary)
install(TARGETS diary_domain diary_store diary_analysis diary_report diary_app
  EXPORT diaryTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT diary_development
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT diary_runtime
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS diary RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT diary_runtime)
# `diary serve` runs this one (cli/CMakeLists.txt says why).
install(TARGETS diary-serve RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/diary COMPONENT diary_runtime)
foreach(room libdiary/domain libdiary/store libdiary/report libdiary/app analysis)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${room}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
          COMPONENT diary_development)
endforeach()
install(EXPORT diaryTargets NAMESPACE diary:: DESTINATION ${DIARY_CMAKE_DIR} COMPONENT diary_development)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/diaryConfig.cmake.in
  ${PROJECT_BINARY_DIR}/diaryConfig.cmake
  INSTALL_DESTINATION ${DIARY_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/diaryConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/diaryConfig.cmake ${PROJECT_BINARY_DIR}/diaryConfigVersion.cmake
  DESTINATION ${DIARY_CMAKE_DIR} COMPONENT diary_development)
