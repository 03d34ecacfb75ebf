# Sourced by scripts/test: a private throwaway PostgreSQL cluster on 127.0.0.1 for the test suite.
# Installs Debian's postgresql when missing; exports COC_TEST_POSTGRES; stopped when the tests end.
coc_pg_port=${COC_PG_PORT:-55432}
coc_pg_root=${COC_PG_ROOT:-/tmp/coc-test-pg}   # the postgres user must be able to enter it: not under /root

if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  echo "installing PostgreSQL (Debian package)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null &&
    apt-get install -y -qq -o DPkg::Lock::Timeout=300 postgresql >/dev/null || return 1
fi
coc_pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

coc_pg_stop() { runuser -u postgres -- "$coc_pg_bin/pg_ctl" -D "$coc_pg_root/data" -m immediate -w stop >/dev/null 2>&1 || true; }
coc_pg_stop
rm -rf "$coc_pg_root"
install -d -o postgres -g postgres -m 700 "$coc_pg_root"
runuser -u postgres -- "$coc_pg_bin/initdb" -D "$coc_pg_root/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null || return 1
# fsync stays on: the durability tests kill servers mid-load and count on acknowledged commits.
runuser -u postgres -- "$coc_pg_bin/pg_ctl" -D "$coc_pg_root/data" -l "$coc_pg_root/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $coc_pg_port -k $coc_pg_root -c max_connections=300" start >/dev/null || return 1
"$coc_pg_bin/pg_isready" -q -h 127.0.0.1 -p "$coc_pg_port" -t 30 || return 1
export COC_TEST_POSTGRES="Host=127.0.0.1;Port=$coc_pg_port;Username=postgres;Database=postgres"
coc_cleanup+=(coc_pg_stop)
