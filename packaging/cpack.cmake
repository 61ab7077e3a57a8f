# The Debian package (CPack DEB): `cmake --build build/release --target package`, or `cpack` in
# the build folder. It installs the programs, assets, the default config, the systemd unit with
# its user, data folder and udev rules, and turns the PC into a kiosk on its next boot.
set(OW_PKG_DIR ${CMAKE_CURRENT_LIST_DIR})
set(OW_PKG_OUT ${CMAKE_BINARY_DIR}/packaging)

# cpack installs what the build already made; it must not start a full rebuild of everything.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

# Build-time generated files: udev rules from the known-device table, the installed config, man pages.
add_executable(ow_gen_udev_rules ${OW_PKG_DIR}/gen_udev_rules.cpp ${OW_SOURCE_DIR}/drivers/known_devices.cpp)
ow_target_defaults(ow_gen_udev_rules)
add_custom_command(OUTPUT ${OW_PKG_OUT}/70-onewindow.rules
  COMMAND ow_gen_udev_rules ${OW_PKG_OUT}/70-onewindow.rules
  DEPENDS ow_gen_udev_rules
  COMMENT "udev rules from the known-device table" VERBATIM)
add_custom_command(OUTPUT ${OW_PKG_OUT}/kiosk.toml
  COMMAND ${CMAKE_COMMAND} -DIN=${OW_ASSETS_DIR}/config/kiosk.toml -DOUT=${OW_PKG_OUT}/kiosk.toml
          -P ${OW_PKG_DIR}/gen_config.cmake
  DEPENDS ${OW_ASSETS_DIR}/config/kiosk.toml ${OW_PKG_DIR}/gen_config.cmake
  COMMENT "installed /etc/onewindow/kiosk.toml" VERBATIM)
set(OW_PKG_CONTACT "OneWindow kiosk team <kiosk@onewindow.invalid>")
add_custom_command(OUTPUT ${OW_PKG_OUT}/changelog.gz
  COMMAND ${CMAKE_COMMAND} -DVERSION=${PROJECT_VERSION} "-DMAINTAINER=${OW_PKG_CONTACT}" -DOUT=${OW_PKG_OUT}/changelog.gz
          -P ${OW_PKG_DIR}/gen_changelog.cmake
  DEPENDS ${OW_PKG_DIR}/gen_changelog.cmake
  COMMENT "Debian changelog" VERBATIM)
set(OW_PKG_GENERATED ${OW_PKG_OUT}/70-onewindow.rules ${OW_PKG_OUT}/kiosk.toml ${OW_PKG_OUT}/changelog.gz)

set(OW_PKG_PROGRAMS kiosk kioskctl)
set(OW_SUMMARY_kiosk "OneWindow government self-service kiosk (touch UI)")
set(OW_SUMMARY_kioskctl "OneWindow kiosk technician and operator tool")
set(OW_SUMMARY_matterpack "OneWindow matter catalog authoring, signing and publishing")
if(TARGET matterpack)
  list(APPEND OW_PKG_PROGRAMS matterpack)
endif()
foreach(prog ${OW_PKG_PROGRAMS})
  add_custom_command(OUTPUT ${OW_PKG_OUT}/${prog}.1.gz
    COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:${prog}> -DNAME=${prog} "-DSUMMARY=${OW_SUMMARY_${prog}}"
            -DVERSION=${PROJECT_VERSION} -DOUT=${OW_PKG_OUT}/${prog}.1.gz -P ${OW_PKG_DIR}/gen_man.cmake
    DEPENDS ${prog} ${OW_PKG_DIR}/gen_man.cmake
    COMMENT "man page for ${prog}" VERBATIM)
  list(APPEND OW_PKG_GENERATED ${OW_PKG_OUT}/${prog}.1.gz)
endforeach()
add_custom_target(ow_package_files ALL DEPENDS ${OW_PKG_GENERATED})

# Debian's layout. Unit, udev rules: /lib (bookworm's merged-/usr rules); config: /etc.
install(TARGETS ${OW_PKG_PROGRAMS} RUNTIME DESTINATION bin)
install(TARGETS ow_camera_videoio LIBRARY DESTINATION lib/onewindow)
install(PROGRAMS ${OW_PKG_DIR}/systemd/kiosk-launch DESTINATION lib/onewindow)
install(DIRECTORY ${OW_ASSETS_DIR}/catalog ${OW_ASSETS_DIR}/scripts DESTINATION share/onewindow)
install(FILES ${OW_PKG_OUT}/kiosk.toml DESTINATION /etc/onewindow)
install(FILES ${OW_PKG_DIR}/systemd/default-onewindow DESTINATION /etc/default RENAME onewindow)
install(FILES ${OW_PKG_DIR}/systemd/onewindow-kiosk.service DESTINATION /lib/systemd/system)
install(FILES ${OW_PKG_OUT}/70-onewindow.rules DESTINATION /lib/udev/rules.d)
install(FILES ${OW_PKG_DIR}/systemd/sysusers-onewindow.conf DESTINATION lib/sysusers.d RENAME onewindow.conf)
install(FILES ${OW_PKG_DIR}/systemd/tmpfiles-onewindow.conf DESTINATION lib/tmpfiles.d RENAME onewindow.conf)
install(FILES ${OW_PKG_DIR}/systemd/polkit-onewindow.rules DESTINATION share/polkit-1/rules.d RENAME 50-onewindow.rules)
install(FILES ${OW_PKG_DIR}/debian/copyright ${OW_PKG_OUT}/changelog.gz DESTINATION share/doc/onewindow)
install(FILES ${OW_SOURCE_DIR}/README.md DESTINATION share/doc/onewindow)
foreach(prog ${OW_PKG_PROGRAMS})
  install(FILES ${OW_PKG_OUT}/${prog}.1.gz DESTINATION share/man/man1)
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME onewindow)
set(CPACK_PACKAGE_VENDOR "OneWindow")
set(CPACK_PACKAGE_CONTACT "${OW_PKG_CONTACT}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "self-service government kiosk (一窗通办) firmware and touch UI")
# The synopsis comes from the summary above; CPack indents these lines itself.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Turns a Debian or Ubuntu industrial PC into a locked-down 7x24 self-service
government kiosk: the touch UI runs full screen under the cage kiosk
compositor, supervised by systemd with a watchdog; udev gives it the ID card
reader, receipt printer, cameras and scanners; submissions are stored
encrypted and synced to the provincial platform.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://onewindow.invalid/")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Run-time data the libraries do not pull in themselves: fonts, voices, dictionaries, the compositor.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "fonts-noto-cjk, cage, espeak-ng-data, opencv-data, libopencc-data, rime-data-luna-pinyin, tegaki-zinnia-simplified-chinese, libsane1, systemd, init-system-helpers (>= 1.54~), openssl")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "pcscd, polkitd, sane-utils, cups-client")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${OW_PKG_DIR}/debian/postinst ${OW_PKG_DIR}/debian/prerm ${OW_PKG_DIR}/debian/postrm ${OW_PKG_DIR}/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
