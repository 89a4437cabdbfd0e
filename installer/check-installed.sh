#!/usr/bin/env bash
# Installs the .deb as a user would and uses the installed app with nothing from the checkout and
# no developer tools (no JDK, Node or Foundry on the user's PATH, an empty home):
#   install      apt-get install ./atelier_*.deb
#   cli          atelier --version, models list, generate (offline: no network at all)
#   devnet       devnet start, from the Anvil shipped in the package
#   wallet       import the devnet's first dev account (its well-known key), password on stdin
#   chain        collection deploy, sign and mint one image, mint status, devnet stop
#   studio       /opt/atelier/bin/Atelier under Xvfb, a screenshot of the screen (xwd), not blank
#   remove       apt-get remove atelier; the user's data folder is still there
# and prints how long each part took. Debian/Ubuntu; run as root (CI) or with sudo. As root the
# app runs as a throw-away user with a new home, removed at the end; otherwise as you, with
# ATELIER_HOME pointing at a new folder.
#
# Usage: installer/check-installed.sh [DEB]   (default: installer/target/jpackage/atelier_*.deb)
# Environment: ATELIER_CHECK_OUT, the folder for the screenshot, logs and times
#              (default installer/target/check-installed).
set -euo pipefail
cd "$(dirname "$0")/.."

deb=${1:-$(ls installer/target/jpackage/atelier_*.deb 2>/dev/null | head -1)}
[ -f "$deb" ] || { echo "check-installed: no .deb (build: mvn -B -Ppackage -DskipTests package)" >&2; exit 1; }
case "$deb" in /* | ./*) ;; *) deb=./$deb ;; esac # apt-get takes a file only as a path
out=${ATELIER_CHECK_OUT:-installer/target/check-installed}
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)

log() { printf '\n== check-installed: %s\n' "$*"; }
fail() { echo "check-installed: FAILED: $*" >&2; exit 1; }
ok() { echo "check-installed: ok: $*"; }
now() { date +%s.%N; }
times=()
timed() { # NAME COMMAND...: runs it and records its wall time
  local name=$1 t
  shift
  t=$(now)
  "$@"
  times+=("$(awk -v a="$t" -v b="$(now)" -v n="$name" 'BEGIN{printf "%-8s %6.1f s", n, b-a}')")
}
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- The user: a new one with an empty home (as root), or you with a new ATELIER_HOME ----------
password='check-Password-1'
# Anvil's first dev account (funded on every fresh devnet); its key is public knowledge.
dev_key=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
dev_address=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
user_env=(LANG=C.UTF-8 PATH=/usr/local/bin:/usr/bin:/bin)
prefix=() # what the user's commands run under (unshare -n: no network)
if [ "$(id -u)" -eq 0 ]; then
  user=atelier-check
  userdel -r "$user" >/dev/null 2>&1 || true
  useradd --create-home --shell /bin/sh "$user"
  home=$(getent passwd "$user" | cut -d: -f6)
  data=$home/.local/share/atelier
  as_user() { "${prefix[@]}" runuser -u "$user" -- env -i HOME="$home" USER="$user" "${user_env[@]}" "$@"; }
else
  user=$(id -un)
  home=$(mktemp -d)
  data=$home/atelier/data
  as_user() { "${prefix[@]}" env -i HOME="$home" USER="$user" ATELIER_HOME="$home/atelier" "${user_env[@]}" "$@"; }
fi
anvil_pid=
cleanup() {
  if [ -n "$anvil_pid" ] && kill -0 "$anvil_pid" 2>/dev/null; then kill "$anvil_pid" || true; fi
  if [ "$(id -u)" -eq 0 ]; then userdel -r "$user" >/dev/null 2>&1 || true; else rm -rf "$home"; fi
}
trap cleanup EXIT
# Generating needs no network: where the kernel lets us, it runs with none at all.
offline=()
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
  offline=(unshare -n)
else
  echo "check-installed: no network namespace here; generate runs offline by its own setting only"
fi
commands=()
run() { # NAME COMMAND...: runs the installed app as the user, output kept in $out/NAME.txt
  local name=$1 t
  shift
  t=$(now)
  as_user "$@" >"$out/$name.txt" 2>&1 || { cat "$out/$name.txt"; fail "$*"; }
  cat "$out/$name.txt"
  local words=() w
  for w in "${@:2}"; do [[ $w == -* ]] && break; words+=("$w"); done
  [ ${#words[@]} -gt 0 ] || words=("$2")
  commands+=("$(awk -v a="$t" -v b="$(now)" -v c="$1 ${words[*]}" 'BEGIN{printf "  %-28s %6.1f s", c, b-a}')")
}
with_password() { run "$@" <<<"$password"; }

# --- Parts -------------------------------------------------------------------------------------
install_package() {
  log "install $deb"
  if dpkg -s atelier >/dev/null 2>&1; then as_root apt-get remove -y -qq atelier; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$deb"
  [ "$(as_user sh -c 'command -v atelier')" = /usr/bin/atelier ] || fail "atelier is not /usr/bin/atelier on the PATH"
  [ -x /opt/atelier/bin/Atelier ] || fail "no /opt/atelier/bin/Atelier"
  as_user test -x /opt/atelier/lib/app/anvil/anvil || fail "the packaged Anvil is not executable by the user"
  ls /opt/atelier/lib/app/anvil/LICENSE-* >/dev/null || fail "no licence next to the packaged Anvil"
  ok "installed: $(du -sh /opt/atelier | cut -f1) in /opt/atelier; Anvil with $(cd /opt/atelier/lib/app/anvil && echo LICENSE-*)"
}

command_line() {
  log "atelier --version, models list, generate (offline)"
  run version atelier --version
  grep -q '^atelier ' "$out/version.txt" || fail "atelier --version printed no version"
  run models atelier models list
  grep -q atelier-tiny "$out/models.txt" || fail "the built-in model is not listed"
  prefix=("${offline[@]}")
  run generate atelier generate -p "sunset in ember colours" -n 1 --steps 4 --seed 7 --out "$home/Pictures"
  prefix=()
  [ -n "$(as_user find "$home/Pictures" -name '*.png' -size +1k)" ] || fail "generate wrote no image"
  ok "generated an image ${offline:+with no network}"
}

devnet_start() {
  log "devnet start"
  run devnet-start atelier devnet start
  run devnet-status atelier devnet status
  anvil_pid=$(sed -n 's/^Pid: *\([0-9]*\).*/\1/p' "$out/devnet-status.txt")
  [ -n "$anvil_pid" ] || fail "devnet status shows no pid"
  local exe
  exe=$(readlink "/proc/$anvil_pid/exe" || true)
  [ "$exe" = /opt/atelier/lib/app/anvil/anvil ] || fail "the devnet runs ${exe:-?}, not the packaged Anvil"
  ok "devnet runs the packaged Anvil ($exe, pid $anvil_pid)"
}

wallet_import() {
  log "wallet import --private-key (the devnet's first dev account)"
  run wallet atelier wallet import --private-key --label check <<<"$dev_key"$'\n'"$password"$'\n'"$password"
  run wallet-list atelier wallet list
  grep -qi "$dev_address" "$out/wallet-list.txt" || fail "the imported account is not listed"
}

chain() {
  log "collection deploy, sign, mint, mint status, devnet stop"
  with_password deploy atelier collection deploy --name "Install Check" --symbol CHK --yes
  run assets atelier catalog assets
  local asset
  asset=$(awk 'NR == 2 {print $1}' "$out/assets.txt")
  [ -n "$asset" ] || fail "no asset in the catalog"
  with_password sign atelier sign "$asset" --license CC-BY-4.0
  with_password mint atelier mint "$asset" --yes
  run mint-status atelier mint status
  grep -q CONFIRMED "$out/mint-status.txt" || fail "the mint is not confirmed"
  run devnet-stop atelier devnet stop
  ! kill -0 "$anvil_pid" 2>/dev/null || fail "Anvil still runs after devnet stop"
  ok "asset $asset minted and confirmed; devnet stopped"
}

studio() {
  log "the studio under Xvfb, screenshot with xwd"
  local shot=$home/studio.png
  # shellcheck disable=SC2016
  as_user xvfb-run -a -s "-screen 0 1400x900x24" sh -c '
    /opt/atelier/bin/Atelier >"$HOME/studio.log" 2>&1 &
    pid=$!
    i=0
    until grep -q "Window shown" "$HOME/studio.log"; do
      kill -0 "$pid" 2>/dev/null || { echo "the studio exited" >&2; exit 1; }
      i=$((i + 1)); [ "$i" -le 240 ] || { echo "no window within 120 s" >&2; kill "$pid"; exit 1; }
      sleep 0.5
    done
    sleep 3 # let it paint
    xwd -root -silent | convert xwd:- "png:$1"
    kill "$pid"; wait "$pid" || true' check "$shot" || { cat "$home/studio.log"; fail "the studio"; }
  cp "$home/studio.log" "$out/studio.log"
  grep "Window shown" "$out/studio.log"
  cp "$shot" "$out/studio.png"
  local colours deviation
  colours=$(convert "$out/studio.png" -format '%k' info:)
  deviation=$(convert "$out/studio.png" -format '%[fx:standard_deviation]' info:)
  echo "screenshot: $(identify -format '%wx%h' "$out/studio.png"), $colours colours, deviation $deviation"
  [ "$colours" -ge 32 ] && awk -v d="$deviation" 'BEGIN{exit !(d > 0.02)}' \
    || fail "the screenshot looks blank ($colours colours, deviation $deviation)"
  ok "studio window on screen: $out/studio.png"
}

remove_package() {
  log "apt-get remove atelier"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y atelier
  [ ! -e /opt/atelier ] || fail "/opt/atelier is still there"
  [ ! -e /usr/bin/atelier ] || fail "/usr/bin/atelier is still there"
  [ -d "$data" ] || fail "the user's data folder $data is gone"
  echo "the user's data folder after removal: $data"
  ls -l "$data"
  [ -s "$data/catalog.db" ] && [ -n "$(ls "$data/keystore")" ] || fail "the catalog or the wallet is gone"
  [ -n "$(find "$home/Pictures" -name '*.png')" ] || fail "the user's image is gone"
  ok "removed; the user's data folder (catalog, wallet, devnet chain) and image are kept"
}

start=$(now)
timed install install_package
timed cli command_line
timed devnet devnet_start
timed wallet wallet_import
timed chain chain
timed studio studio
timed remove remove_package
times+=("$(awk -v a="$start" -v b="$(now)" 'BEGIN{printf "%-8s %6.1f s", "total", b-a}')")
log "times"
{
  printf '%s\n' "${times[@]}"
  echo "of which, each command as the user:"
  printf '%s\n' "${commands[@]}"
} | tee "$out/times.txt"
