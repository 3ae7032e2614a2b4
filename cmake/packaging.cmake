# A Debian package with CPack (`cpack -G DEB` in a build folder): `diary` holds the program,
# its man page, its bash completion and the docs; `diary-dev` the libraries' headers, static
# libraries and CMake package (the same files `cmake --install` writes). Run-time
# dependencies come from dpkg-shlibdeps (Debian: dpkg-dev). No maintainer scripts: the
# package never touches a person's diary, which lives in their own data folder.
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/CONTRACT.md
              ${PROJECT_SOURCE_DIR}/docs/CLINICAL.md ${PROJECT_SOURCE_DIR}/docs/API.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT diary_runtime)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME diary)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "diary maintainers <diary@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL diary_runtime diary_development)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_DIARY_RUNTIME_PACKAGE_NAME diary)
# The zone files are read directly (clock::TimeZone), not through libdate-tz, so the
# shared-library scan cannot find that need.
set(CPACK_DEBIAN_DIARY_RUNTIME_PACKAGE_DEPENDS "tzdata")
set(CPACK_DEBIAN_DIARY_RUNTIME_PACKAGE_SUGGESTS "bash-completion, libnotify-bin, systemd")
set(CPACK_COMPONENT_DIARY_RUNTIME_DESCRIPTION
    "Log night-time leg episodes (cramps, restless legs, rest pain, neuropathy, sciatica,\n\
clots) after waking; the analysis shows patterns with their counts and every warning\n\
sign in plain words. It does not diagnose.")
set(CPACK_DEBIAN_DIARY_DEVELOPMENT_PACKAGE_NAME diary-dev)
set(CPACK_DEBIAN_DIARY_DEVELOPMENT_PACKAGE_SECTION libdevel)
# What diaryConfig.cmake finds (find_dependency) must be there for a consumer.
set(CPACK_DEBIAN_DIARY_DEVELOPMENT_PACKAGE_DEPENDS
    "libsqlitecpp-dev, libsqlite3-dev, libhowardhinnant-date-dev, libfmt-dev, libspdlog-dev, nlohmann-json3-dev")
set(CPACK_COMPONENT_DIARY_DEVELOPMENT_DESCRIPTION
    "The diary's static libraries, headers and CMake package (find_package(diary)).")
include(CPack)
