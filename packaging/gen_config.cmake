# cmake -DIN=assets/config/kiosk.toml -DOUT=…/kiosk.toml -P gen_config.cmake
# The installed /etc/onewindow/kiosk.toml: the documented example config with the install
# locations filled in (data in /var/lib/onewindow, assets in /usr/share/onewindow).
file(READ "${IN}" text)
string(REGEX REPLACE "\n#? *data_dir = \"[^\"]*\"" "\ndata_dir = \"/var/lib/onewindow\"" text "${text}")
string(REGEX REPLACE "\n#? *assets_dir = \"[^\"]*\"" "\nassets_dir = \"/usr/share/onewindow\"" text "${text}")
string(REGEX REPLACE "\n#? *catalog = \"[^\"]*\"" "\n# catalog = \"/usr/share/onewindow/catalog/sample\"" text "${text}")
foreach(key data_dir assets_dir)
  if(NOT text MATCHES "\n${key} = ")
    message(FATAL_ERROR "${IN} has no ${key} line to set")
  endif()
endforeach()
file(WRITE "${OUT}.tmp" "${text}")
file(RENAME "${OUT}.tmp" "${OUT}")
