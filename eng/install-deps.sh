#!/usr/bin/env bash
# Installs what FBuild needs on Debian/Ubuntu when it is missing:
#   build: gcc-avr avr-libc binutils-avr arduino-core-avr
#   test:  the above + simavr avrdude clangd arduino-builder ccache arduino (Arduino's examples), chromium,
#          nginx-light and redis-server (remote cache tests)
#          the ARM compiler for the SAMD tests (gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib,
#          about 400 MB to download) and bossa-cli (bossac, the SAMD upload tool),
#          distcc (the compiler launcher's test; the ARM compiler listed in /usr/lib/distcc)
# Usage: eng/install-deps.sh [build|test]
set -euo pipefail
what="${1:-build}"
pkgs=()
command -v avr-gcc >/dev/null 2>&1 || pkgs+=(gcc-avr binutils-avr)
[ -f /usr/lib/avr/include/avr/io.h ] || pkgs+=(avr-libc)
[ -f /usr/share/arduino/hardware/arduino/avr/boards.txt ] || pkgs+=(arduino-core-avr)
if [ "$what" = test ]; then
  command -v simavr >/dev/null 2>&1 || pkgs+=(simavr)
  command -v avrdude >/dev/null 2>&1 || pkgs+=(avrdude)
  command -v clangd >/dev/null 2>&1 || pkgs+=(clangd)
  command -v arduino-builder >/dev/null 2>&1 || pkgs+=(arduino-builder)
  command -v ccache >/dev/null 2>&1 || pkgs+=(ccache)
  [ -d /usr/share/doc/arduino/examples ] || pkgs+=(arduino)
  # fbuild report --html is checked by rendering it in headless Chromium.
  command -v chromium >/dev/null 2>&1 || pkgs+=(chromium)
  # The soak test (SoakTests) starts builds in their own sessions and checks that a killed one leaves no process.
  command -v setsid >/dev/null 2>&1 || pkgs+=(util-linux)
  command -v pgrep >/dev/null 2>&1 || pkgs+=(procps)
  # The remote compile cache's tests start their own nginx (WebDAV) and redis-server on 127.0.0.1.
  [ -x /usr/sbin/nginx ] || pkgs+=(nginx-light)
  command -v redis-server >/dev/null 2>&1 || pkgs+=(redis-server)
  # The SAMD core (../shared/arduino15) is built with Debian's ARM compiler, C library and C++ library.
  command -v arm-none-eabi-gcc >/dev/null 2>&1 || pkgs+=(gcc-arm-none-eabi)
  [ -f /usr/lib/arm-none-eabi/newlib/libc.a ] || pkgs+=(libnewlib-arm-none-eabi)
  [ -f /usr/lib/arm-none-eabi/newlib/thumb/v6-m/nofp/libstdc++_nano.a ] || pkgs+=(libstdc++-arm-none-eabi-newlib)
  command -v bossac >/dev/null 2>&1 || pkgs+=(bossa-cli)
  # The compiler launcher's test (CompilerLauncherTests) starts its own distccd on 127.0.0.1.
  command -v distccd >/dev/null 2>&1 || pkgs+=(distcc)
fi
sudo=""
if [ "$(id -u)" != 0 ] && [ ${#pkgs[@]} -gt 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "error: need root to install ${pkgs[*]} (run: apt-get install ${pkgs[*]})" >&2; exit 1
  fi
fi
if [ ${#pkgs[@]} -gt 0 ]; then
  echo "Installing: ${pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi
# distccd runs only the compilers listed in /usr/lib/distcc: list the ARM compiler (installed after distcc, or not).
if [ "$what" = test ] && command -v update-distcc-symlinks >/dev/null 2>&1 && command -v arm-none-eabi-gcc >/dev/null 2>&1 \
   && [ ! -e /usr/lib/distcc/arm-none-eabi-g++ ]; then
  if [ "$(id -u)" = 0 ]; then update-distcc-symlinks >/dev/null
  elif command -v sudo >/dev/null 2>&1; then sudo update-distcc-symlinks >/dev/null
  else echo "warning: run 'sudo update-distcc-symlinks' so distccd accepts arm-none-eabi-gcc (CompilerLauncherTests skip otherwise)" >&2; fi
fi
