# Writes generated/version.h with the tool's version and the git commit of the source tree,
# at every build (not only when CMake configures), so a manifest never names a stale commit.
# A tree with uncommitted changes gets "+dirty": that build's output cannot be traced to a
# commit alone. The file is rewritten only when its text changes, so nothing recompiles
# needlessly. Run as: cmake -DSOURCE_DIR=... -DOUTPUT=... -DVERSION=... -P write-version.cmake
execute_process(COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE commit
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT commit)
  set(commit "unknown")
else()
  execute_process(COMMAND git status --porcelain --untracked-files=no
    WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE changes ERROR_QUIET)
  if(changes)
    string(APPEND commit "+dirty")
  endif()
endif()
set(text "// Generated at build time by scripts/cmake/write-version.cmake: the tool's version and the
// git commit it was built from, so every manifest can say exactly which build produced it.
#pragma once
namespace shellcarve {
inline constexpr const char* kVersion = \"${VERSION}\";
inline constexpr const char* kGitCommit = \"${commit}\";
}  // namespace shellcarve
")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
endif()
if(NOT old STREQUAL text)
  file(WRITE ${OUTPUT} "${text}")
endif()
