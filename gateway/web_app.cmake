# The web app (gateway/web: the wall screen and the operator desk), built with npm into
# ${CMAKE_BINARY_DIR}/web, the web root cityopsd serves by default (gateway/static_files.hpp).
#
# Target `web-app` (part of ALL; always defined, a message when there is nothing to build):
#   - `npm ci` in gateway/web only when package.json or package-lock.json changed (a stamp
#     file in the build directory remembers the last install);
#   - `npm run build` with CITYOPS_WEB_OUT=${CMAKE_BINARY_DIR}/web (the directory is emptied
#     first, so it holds exactly one build), again whenever a file under gateway/web/src or
#     gateway/web/public, a top-level file of gateway/web (build script, package files) or
#     the install changed.
# Option CITYOPS_WEB: ON by default when npm is found. Nothing is fetched at run time: the
# build bundles every dependency into the output.

find_program(CITYOPS_NPM npm)
if(CITYOPS_NPM)
  set(cityops_web_default ON)
else()
  set(cityops_web_default OFF)
endif()
option(CITYOPS_WEB "Build the web app (gateway/web) with npm into the build directory"
  ${cityops_web_default})

set(CITYOPS_WEB_SOURCE_DIR ${PROJECT_SOURCE_DIR}/gateway/web CACHE PATH
  "The web app's sources (package.json, package-lock.json, src/)")
set(CITYOPS_WEB_ROOT ${CMAKE_BINARY_DIR}/web)
# Re-configure when gateway/web/package.json appears or goes (a glob checked at every build).
file(GLOB cityops_web_package CONFIGURE_DEPENDS ${CITYOPS_WEB_SOURCE_DIR}/package.jso[n])

if(CITYOPS_WEB AND NOT CITYOPS_NPM)
  message(WARNING "CITYOPS_WEB is ON but npm was not found (bash tools/install-deps.sh "
    "installs it): the web app is not built")
  set(cityops_web_skip "npm was not found")
elseif(NOT CITYOPS_WEB)
  message(STATUS "Web app: not built (CITYOPS_WEB=OFF; npm found: ${cityops_web_default})")
  set(cityops_web_skip "CITYOPS_WEB is OFF")
elseif(NOT cityops_web_package)
  message(STATUS "Web app: gateway/web/package.json not found, nothing to build")
  set(cityops_web_skip "gateway/web has no package.json")
endif()

if(cityops_web_skip)
  add_custom_target(web-app
    COMMAND ${CMAKE_COMMAND} -E echo "web app not built: ${cityops_web_skip}; cityopsd answers / with 404"
    VERBATIM)
  return()
endif()

message(STATUS "Web app: gateway/web built with ${CITYOPS_NPM} into ${CITYOPS_WEB_ROOT}")
set(cityops_web_install_stamp ${CMAKE_BINARY_DIR}/web-npm-ci.stamp)
set(cityops_web_build_stamp ${CMAKE_BINARY_DIR}/web-build.stamp)
set(cityops_web_lock ${CITYOPS_WEB_SOURCE_DIR}/package-lock.json)
if(NOT EXISTS ${cityops_web_lock})
  set(cityops_web_lock "")  # npm ci refuses to run then, and says why
endif()
add_custom_command(OUTPUT ${cityops_web_install_stamp}
  COMMAND ${CITYOPS_NPM} ci --no-audit --no-fund --loglevel=error
  COMMAND ${CMAKE_COMMAND} -E touch ${cityops_web_install_stamp}
  DEPENDS ${CITYOPS_WEB_SOURCE_DIR}/package.json ${cityops_web_lock}
  WORKING_DIRECTORY ${CITYOPS_WEB_SOURCE_DIR}
  COMMENT "Web app: npm ci (package-lock.json changed)"
  VERBATIM)

file(GLOB_RECURSE cityops_web_sources CONFIGURE_DEPENDS ${CITYOPS_WEB_SOURCE_DIR}/src/*
  ${CITYOPS_WEB_SOURCE_DIR}/public/*)
file(GLOB cityops_web_top CONFIGURE_DEPENDS ${CITYOPS_WEB_SOURCE_DIR}/*.js
  ${CITYOPS_WEB_SOURCE_DIR}/*.mjs ${CITYOPS_WEB_SOURCE_DIR}/*.cjs ${CITYOPS_WEB_SOURCE_DIR}/*.json)
add_custom_command(OUTPUT ${cityops_web_build_stamp}
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${CITYOPS_WEB_ROOT}
  COMMAND ${CMAKE_COMMAND} -E env CITYOPS_WEB_OUT=${CITYOPS_WEB_ROOT}
          ${CITYOPS_NPM} run build --silent
  COMMAND ${CMAKE_COMMAND} -E touch ${cityops_web_build_stamp}
  DEPENDS ${cityops_web_install_stamp} ${cityops_web_sources} ${cityops_web_top}
  WORKING_DIRECTORY ${CITYOPS_WEB_SOURCE_DIR}
  COMMENT "Web app: npm run build into ${CITYOPS_WEB_ROOT}"
  VERBATIM)
add_custom_target(web-app ALL DEPENDS ${cityops_web_build_stamp})
