# cmake -DEXE=… -DNAME=kiosk -DSUMMARY="…" -DVERSION=… -DOUT=…/kiosk.1.gz -P gen_man.cmake
# A man page from the program's own --help text, so the two cannot disagree. Gzipped, as Debian
# wants it in /usr/share/man.
execute_process(COMMAND "${EXE}" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} --help failed (${rc})")
endif()
string(REPLACE "${EXE}" "${NAME}" help "${help}")
# roff: a leading '.' or '\'' starts a request, and '\' is an escape.
string(REPLACE "\\" "\\e" help "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
string(TOUPPER "${NAME}" upper)
set(page ".TH ${upper} 1 \"\" \"OneWindow ${VERSION}\" \"OneWindow kiosk\"
.SH NAME
${NAME} \\- ${SUMMARY}
.SH SYNOPSIS
.nf
${help}
.fi
.SH FILES
/etc/onewindow/kiosk.toml (every option documented in the file), /var/lib/onewindow/
.SH SEE ALSO
kiosk(1), kioskctl(1), matterpack(1), systemctl(1), journalctl(1)
")
# -n: no name or time stamp inside, so the package builds reproducibly.
string(REGEX REPLACE "\\.gz$" "" plain "${OUT}")
file(WRITE "${plain}" "${page}")
execute_process(COMMAND gzip -9nf "${plain}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip ${plain} failed")
endif()
