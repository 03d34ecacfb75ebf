# Sourced by scripts/test: Debian's Alertmanager and Prometheus for the tests that run the real ones (the
# harness in tests/Coc.Testing.Support starts its own on free loopback ports; the packages start no service
# here). Installs them when missing; exports COC_TEST_ALERTMANAGER and COC_TEST_PROMETHEUS (binary paths).
# Binaries of your own: set the variables beforehand (then nothing is installed for them).
coc_alertmanager_bin=${COC_TEST_ALERTMANAGER:-/usr/bin/prometheus-alertmanager}
coc_prometheus_bin=${COC_TEST_PROMETHEUS:-/usr/bin/prometheus}
coc_monitoring_packages=()
[ -n "${COC_TEST_ALERTMANAGER:-}" ] || [ -x "$coc_alertmanager_bin" ] || coc_monitoring_packages+=(prometheus-alertmanager)
[ -n "${COC_TEST_PROMETHEUS:-}" ] || [ -x "$coc_prometheus_bin" ] || coc_monitoring_packages+=(prometheus)
coc_install_monitoring() {
  # --no-install-recommends: the recommended node exporter and dashboards are not needed by the tests.
  apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null &&
    apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${coc_monitoring_packages[@]}" >/dev/null
}
if [ ${#coc_monitoring_packages[@]} -gt 0 ]; then
  echo "installing ${coc_monitoring_packages[*]} (Debian packages)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  # One retry: a concurrent job cleaning /tmp can remove apt's unpacked archives mid-install.
  if ! coc_install_monitoring; then sleep 2; coc_install_monitoring; fi
fi
[ -x "$coc_alertmanager_bin" ] || { echo "Alertmanager is not installed at $coc_alertmanager_bin" >&2; return 1; }
[ -x "$coc_prometheus_bin" ] || { echo "Prometheus is not installed at $coc_prometheus_bin" >&2; return 1; }
export COC_TEST_ALERTMANAGER=$coc_alertmanager_bin COC_TEST_PROMETHEUS=$coc_prometheus_bin
