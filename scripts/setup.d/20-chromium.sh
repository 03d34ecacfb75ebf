# Sourced by scripts/test: Debian's chromium for the console's browser tests (Playwright .NET drives it
# with its bundled driver; never `playwright install`). Installs it when missing, plus a small CJK font
# so that screenshots of the Chinese console show text rather than boxes. Exports COC_TEST_CHROMIUM.
coc_chromium_packages=()
[ -x /usr/bin/chromium ] || coc_chromium_packages+=(chromium)
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] || coc_chromium_packages+=(fonts-wqy-zenhei)
coc_install_chromium() {
  apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null &&
    apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${coc_chromium_packages[@]}" >/dev/null
}
if [ ${#coc_chromium_packages[@]} -gt 0 ]; then
  echo "installing ${coc_chromium_packages[*]} (Debian packages)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  # One retry: a concurrent job cleaning /tmp can remove apt's unpacked archives mid-install.
  if ! coc_install_chromium; then sleep 2; coc_install_chromium || [ -x /usr/bin/chromium ] || return 1; fi
fi
[ -x /usr/bin/chromium ] || { echo "chromium is not installed at /usr/bin/chromium" >&2; return 1; }
export COC_TEST_CHROMIUM=/usr/bin/chromium
