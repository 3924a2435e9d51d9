# Sourced by .ci/run: makes a PostgreSQL server on 127.0.0.1 with role wechat/wechat and database wechat_test, and
# exports WECHAT_TEST_POSTGRES for the PostgreSQL store tests. Idempotent: an installed, running server is reused.
# A WECHAT_TEST_POSTGRES already set (a server of your own) skips all of it.

wechat_postgres_setup() {
  if [ -n "${WECHAT_TEST_POSTGRES:-}" ]; then
    echo "postgres: using WECHAT_TEST_POSTGRES from the environment"
    return 0
  fi

  local sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo_cmd=(sudo -n)
    else
      echo "postgres: not root and no passwordless sudo; set WECHAT_TEST_POSTGRES to a server of your own" >&2
      return 1
    fi
  fi

  # The client alone (psql, pg_ctlcluster) is not enough: the server binaries must be there too.
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v psql >/dev/null 2>&1 \
    || ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
    echo "postgres: installing from apt"
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi

  # The first cluster Debian knows of (the package creates "main"); create one if there is none.
  local version cluster port status
  read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1) || true
  if [ -z "${version:-}" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    cluster=main
    "${sudo_cmd[@]}" pg_createcluster "$version" "$cluster" >/dev/null
    read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1)
  fi
  if [ "$status" != "online" ]; then
    "${sudo_cmd[@]}" pg_ctlcluster "$version" "$cluster" start
  fi
  for _ in $(seq 1 50); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 0.2
  done

  local as_postgres=(su postgres -s /bin/sh -c)
  [ ${#sudo_cmd[@]} -gt 0 ] && as_postgres=(sudo -n -u postgres sh -c)
  "${as_postgres[@]}" "psql -q -v ON_ERROR_STOP=1 -p $port -d postgres" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wechat') THEN
    CREATE ROLE wechat LOGIN PASSWORD 'wechat';
  END IF;
END $$;
SELECT 'CREATE DATABASE wechat_test OWNER wechat'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'wechat_test')\gexec
SQL

  export WECHAT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=wechat;Password=wechat;Database=wechat_test"
  echo "postgres: $version/$cluster on 127.0.0.1:$port, database wechat_test"
}
