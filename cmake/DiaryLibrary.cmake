# diary_library(NAME src...): one room's library, as cmake-init lays them out: target
# diary_NAME with the namespaced alias diary::NAME (the same name in the build tree and in
# the installed package), its public headers in NAME's include/ folder, position-
# independent, built with the project's warnings.
function(diary_library name)
  add_library(diary_${name} ${ARGN})
  add_library(diary::${name} ALIAS diary_${name})
  set_target_properties(diary_${name} PROPERTIES EXPORT_NAME ${name} OUTPUT_NAME diary_${name}
                                                 POSITION_INDEPENDENT_CODE ON)
  target_include_directories(diary_${name} PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
                                                  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(diary_${name} PRIVATE $<BUILD_INTERFACE:diary_warnings>)
  target_compile_features(diary_${name} PUBLIC cxx_std_20)
endfunction()
