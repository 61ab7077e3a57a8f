# cmake -DVERSION=… -DMAINTAINER=… -DOUT=…/changelog.gz -P gen_changelog.cmake
# The Debian changelog every package carries: one entry for this version, dated from
# SOURCE_DATE_EPOCH when set (reproducible builds), else now.
string(TIMESTAMP date "%a, %d %b %Y %H:%M:%S +0000" UTC)
string(REGEX REPLACE "\\.gz$" "" plain "${OUT}")
file(WRITE "${plain}" "onewindow (${VERSION}) stable; urgency=medium

  * Release ${VERSION} of the OneWindow kiosk; the changes are in the project's history.

 -- ${MAINTAINER}  ${date}
")
execute_process(COMMAND gzip -9nf "${plain}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip ${plain} failed")
endif()
