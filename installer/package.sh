#!/usr/bin/env bash
# Builds Atelier's desktop package with jlink + jpackage. Called by Maven
# (mvn -B -Ppackage -DskipTests package, see installer/pom.xml), which first stages:
#   installer/target/stage/app/     the application jars (core, gui, cli and their libraries,
#                                   the PyTorch CPU natives jar included), JavaFX left out
#   installer/target/stage/javafx/  the JavaFX modular jars for this OS (classifier linux|win|mac)
# and writes:
#   installer/target/jpackage/runtime/   the jlinked Java runtime (JDK modules from jdeps + JavaFX)
#   installer/target/jpackage/<image>    the app-image: launchers Atelier (studio) and atelier
#                                        (command line), the built-in model, the AOT cache
#   installer/target/jpackage/*.deb      (Linux, when dpkg-deb and fakeroot exist), *.msi
#                                        (Windows, WiX), *.dmg (macOS)
#
# Usage: installer/package.sh VERSION [MAVEN_JAVA_HOME]
# Environment: ATELIER_PACKAGE_TYPE=none|deb|rpm|msi|exe|dmg|pkg (default: the OS's installer,
#              deb on Linux when the tools are there), ATELIER_AOT=0 to skip the AOT training run.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:?usage: installer/package.sh VERSION [JAVA_HOME]}
hint=${2:-}
# jpackage wants 1 to 3 numbers; the full version (with -SNAPSHOT) is what `atelier --version`
# prints, from the jars.
app_version=$(printf '%s' "$version" | sed 's/[^0-9.].*$//')

stage=installer/target/stage
out=installer/target/jpackage
log() { printf '[package] %s\n' "$*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f s", b-a}'; }

case "$(uname -s)" in
  Linux) os=linux; image="Atelier"; app_dir="$image/lib/app"; lib_ext=so; npm_os=linux ;;
  Darwin) os=macos; image="Atelier.app"; app_dir="$image/Contents/app"; lib_ext=dylib; npm_os=darwin ;;
  MINGW* | MSYS* | CYGWIN*) os=windows; image="Atelier"; app_dir="$image/app"; lib_ext=dll; npm_os=win32 ;;
  *) echo "package.sh: unsupported OS $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) npm_cpu=amd64 ;;
  aarch64 | arm64) npm_cpu=arm64 ;;
  *) echo "package.sh: unsupported CPU $(uname -m)" >&2; exit 1 ;;
esac
# The local devnet's Anvil, from the npm package for this OS and CPU pinned in tools/js.
anvil_package="@foundry-rs/anvil-$npm_os-$npm_cpu"
anvil_exe=anvil
[ "$os" = windows ] && anvil_exe=anvil.exe

# --- A JDK 25 with jlink and jpackage ----------------------------------------------------------
jdk_ok() { [ -x "$1/bin/jpackage" ] && "$1/bin/java" -version 2>&1 | grep -q '"25'; }
jdk=
for candidate in "${ATELIER_JDK:-}" "$hint" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-* \
  /usr/lib/jvm/*25* /Library/Java/JavaVirtualMachines/*25*/Contents/Home; do
  if [ -n "$candidate" ] && jdk_ok "$candidate"; then jdk=$candidate; break; fi
done
[ -n "$jdk" ] || { echo "package.sh: needs a JDK 25 with jpackage (set ATELIER_JDK)" >&2; exit 1; }
log "JDK: $jdk"
start=$(now)

rm -rf "$out"
mkdir -p "$out"
deps_tmp=$(mktemp -d)
trap 'rm -rf "$deps_tmp"' EXIT

# --- Stage extras: the built-in model and one logging set-up per launcher -----------------------
# Both launchers share one class path (jpackage puts every jar of the input on it), and the gui
# and cli jars each carry a logback.xml: the studio logs INFO to stdout, the command line only
# warnings to stderr. Each launcher names its own copy (-Dlogback.configurationFile).
rm -rf "$stage/app/models"
cp -R models "$stage/app/models"
# (The JDK's jar tool rather than unzip, which bare machines lack.)
extract() { # JAR FOLDER ENTRY...: extracts entries of JAR into FOLDER
  local jar_file
  jar_file=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  (cd "$2" && "$jdk/bin/jar" xf "$jar_file" "${@:3}")
}
for ui in gui cli; do
  extract "$(ls "$stage"/app/atelier-$ui-*.jar)" "$deps_tmp" logback.xml
  mv "$deps_tmp/logback.xml" "$stage/app/logback-$ui.xml"
done
rm -f "$stage/app/atelier.aot"

# --- Java modules: jdeps over the application jars ---------------------------------------------
# Read as plain classes (each jar unpacked, module-info removed): some modular jars name optional
# modules that are not there (commons-compress: commons-lang3), and the natives jar has an
# invalid automatic module name, either of which stops jdeps. Only JDK modules are kept.
javafx_mp=$(ls "$stage"/javafx/*.jar | tr '\n' ':')
jdk_modules=$("$jdk/bin/java" --list-modules | sed 's/@.*//' | grep -E '^(java|jdk)\.' | sort)
t=$(now)
for jar in "$stage"/app/*.jar; do
  case "$jar" in *pytorch-native-*) continue ;; esac # native libraries only
  d="$deps_tmp/classes/$(basename "$jar" .jar)"
  mkdir -p "$d" && extract "$jar" "$d"
done
find "$deps_tmp/classes" -name module-info.class -delete
found=$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --module-path "$javafx_mp" \
  "$deps_tmp"/classes/*)
# Found only through service loading, which jdeps cannot see: the extra charsets and the zip
# file system provider.
extra="jdk.charsets,jdk.zipfs"
modules=$(printf '%s\n' ${found//,/ } ${extra//,/ } | sort -u | comm -12 - <(printf '%s\n' $jdk_modules) | paste -sd, -)
modules="$modules,javafx.controls,javafx.swing"
log "Modules (jdeps, $(since "$t")): $modules"

# --- jlink: the runtime, JavaFX included --------------------------------------------------------
# The JavaFX jars on Maven Central are real modules, so jlink takes them, but their native
# libraries (libglass.so, libprism_es2.so, ...) sit at the root of javafx-graphics' jar and jlink
# files them as *resources* inside lib/modules; at run time JavaFX would then extract them into
# ~/.openjfx/cache on first start. JavaFX looks in the runtime's own library folder first, so the
# libraries are copied there and left out of the module image: one copy, loaded in place, nothing
# written to the user's home. (Gluon's JavaFX jmods do the same, but are not on Maven Central.)
# On Linux the runtime keeps bin/java (and no other command): the launchers there are scripts that
# start it (installer/linux/launcher.sh says why). Elsewhere jpackage's launchers load the JVM
# themselves and the runtime has no commands.
t=$(now)
strip_commands=--strip-native-commands
[ "$os" = linux ] && strip_commands=
"$jdk/bin/jlink" --module-path "$javafx_mp" --add-modules "$modules" \
  --exclude-resources "glob:/javafx.graphics/*.$lib_ext" \
  --strip-debug --no-header-files --no-man-pages $strip_commands \
  --output "$out/runtime"
if [ "$os" = linux ]; then
  find "$out/runtime/bin" -mindepth 1 ! -name java -delete
fi
fx_natives="$out/runtime/lib"
[ "$os" = windows ] && fx_natives="$out/runtime/bin"
fx_graphics=$(ls "$stage"/javafx/javafx-graphics-*.jar)
# shellcheck disable=SC2046
extract "$fx_graphics" "$fx_natives" $("$jdk/bin/jar" tf "$fx_graphics" | grep "\.$lib_ext\$")
log "jlink: $(du -sh "$out/runtime" | cut -f1) in $(since "$t")"

# --- jpackage: the app-image --------------------------------------------------------------------
# Options shared by every OS: installer/jpackage.args (name, vendor: image and installer) and
# installer/app-image.args (main class, JVM options). Each OS adds its folder's image.args
# (icon) and package.args (installer settings), and names the command-line launcher in its
# cli-launcher.properties.
gui_jar=$(cd "$stage/app" && ls atelier-gui-*.jar)
cli_jar=$(cd "$stage/app" && ls atelier-cli-*.jar)
cli_props="$out/cli-launcher.properties"
sed -e "s/@CLI_JAR@/$cli_jar/" "installer/$os/cli-launcher.properties" >"$cli_props"
t=$(now)
"$jdk/bin/jpackage" --type app-image --dest "$out" \
  --input "$stage/app" --main-jar "$gui_jar" --runtime-image "$out/runtime" \
  --app-version "$app_version" \
  --add-launcher "$(sed -n 's/^# launcher-name=//p' "installer/$os/cli-launcher.properties")=$cli_props" \
  @installer/jpackage.args @installer/app-image.args @"installer/$os/image.args"
log "app-image: $out/$image in $(since "$t")"
# Linux: the launchers become installer/linux/launcher.sh, which reads the same .cfg files; the
# native launcher's library goes with them.
if [ "$os" = linux ]; then
  for launcher in "$out/$image"/bin/*; do
    cp installer/linux/launcher.sh "$launcher"
    chmod 755 "$launcher"
  done
  rm -f "$out/$image/lib/libapplauncher.so"
fi

# --- SQLite's native library, unpacked once ------------------------------------------------------
# Otherwise sqlite-jdbc copies its library out of its jar into the temp folder on every start (70
# ms of the studio's start-up here, and of every command). Both launchers load it in place.
case "$os" in
  linux) sqlite_os=Linux; sqlite_lib=libsqlitejdbc.so ;;
  macos) sqlite_os=Mac; sqlite_lib=libsqlitejdbc.dylib ;;
  windows) sqlite_os=Windows; sqlite_lib=sqlitejdbc.dll ;;
esac
sqlite_arch=x86_64
[ "$npm_cpu" = arm64 ] && sqlite_arch=aarch64
sqlite_entry="org/sqlite/native/$sqlite_os/$sqlite_arch/$sqlite_lib"
extract "$(ls "$out/$app_dir"/sqlite-jdbc-*.jar)" "$deps_tmp" "$sqlite_entry"
[ -f "$deps_tmp/$sqlite_entry" ] || { echo "package.sh: the sqlite-jdbc jar has no $sqlite_entry" >&2; exit 1; }
mkdir -p "$out/$app_dir/sqlite"
mv "$deps_tmp/$sqlite_entry" "$out/$app_dir/sqlite/$sqlite_lib"
add_options() { # CFG LINE...: adds java-options lines to a launcher's .cfg
  local file=$1 line
  shift
  for line in "$@"; do
    awk -v add="java-options=$line" '{print} /^\[JavaOptions\]$/ {print add}' "$file" >"$file.new"
    mv "$file.new" "$file"
  done
}
for launcher_cfg in "$out/$app_dir"/*.cfg; do
  add_options "$launcher_cfg" '-Dorg.sqlite.lib.path=$APPDIR/sqlite' "-Dorg.sqlite.lib.name=$sqlite_lib"
done
log "SQLite: $sqlite_entry unpacked"

# --- Anvil: the local devnet's node, with its licence -------------------------------------------
# Both launchers name this folder (-Datelier.anvil.packaged=$APPDIR/anvil); the npm package has no
# licence file of its own, so Foundry's (MIT OR Apache-2.0) comes from installer/licenses/anvil.
# It is copied into the finished image rather than staged with the jars, so jpackage's copy
# cannot drop its executable bit.
bash tools/js/ensure-installed.sh
anvil_npm="tools/js/node_modules/$anvil_package"
[ -x "$anvil_npm/bin/$anvil_exe" ] || {
  echo "package.sh: no $anvil_npm/bin/$anvil_exe (npm has $anvil_package for linux, darwin and win32 on amd64/arm64; tools/js/package.json pins them)" >&2
  exit 1
}
mkdir -p "$out/$app_dir/anvil"
cp "$anvil_npm/bin/$anvil_exe" "$out/$app_dir/anvil/$anvil_exe"
chmod 755 "$out/$app_dir/anvil/$anvil_exe"
cp installer/licenses/anvil/LICENSE-* "$anvil_npm/package.json" "$out/$app_dir/anvil/"
log "Anvil: $anvil_package $(sed -n 's/^ *"version": "\(.*\)",*$/\1/p' "$anvil_npm/package.json")"

# --- AOT cache (JEP 483/514/515): a training run of the packaged studio ---------------------------
# The studio opens its window, waits until it has settled, saves a screenshot and exits; the JVM
# records what it loaded and linked (and method profiles), and a second launch in create mode
# turns that into atelier.aot next to the jars. Both runs go through the packaged launcher with
# options added to its .cfg for the occasion: the one-step -XX:AOTCacheOutput would start a
# child bin/java, which the runtime has on Linux only. The launcher
# then keeps -XX:AOTCache=$APPDIR/atelier.aot. The cache belongs to this runtime and class path;
# a JVM that cannot use it says so (-Xlog:aot) and starts without it.
cfg=$(find "$out/$image" -name 'Atelier.cfg' | head -1)
with_options() { # LINE...: the launcher's .cfg with these java-options lines added
  cp "$cfg.orig" "$cfg"
  add_options "$cfg" "$@"
}
if [ "${ATELIER_AOT:-1}" != 0 ] && [ "$os" = linux ] && [ -z "${DISPLAY:-}" ] \
  && ! command -v xvfb-run >/dev/null; then
  log "no display and no xvfb-run: no AOT cache (Debian: apt-get install xvfb xauth)"
  ATELIER_AOT=0
fi
if [ "${ATELIER_AOT:-1}" != 0 ]; then
  t=$(now)
  cp "$cfg" "$cfg.orig"
  train_home=$(mktemp -d)
  runner=()
  if [ "$os" = linux ] && [ -z "${DISPLAY:-}" ]; then
    runner=(xvfb-run -a -s "-screen 0 1400x900x24")
  fi
  launcher="$out/$image/bin/Atelier"
  [ "$os" = macos ] && launcher="$out/$image/Contents/MacOS/Atelier"
  [ "$os" = windows ] && launcher="$out/$image/Atelier.exe"
  with_options '-XX:AOTMode=record' '-XX:AOTConfiguration=$APPDIR/atelier.aotconf'
  ATELIER_HOME="$train_home/home" "${runner[@]}" "$launcher" --screenshot="$train_home/first.png" \
    >"$out/aot-training.log" 2>&1 || { cat "$out/aot-training.log"; exit 1; }
  with_options '-XX:AOTMode=create' '-XX:AOTConfiguration=$APPDIR/atelier.aotconf' \
    '-XX:AOTCache=$APPDIR/atelier.aot'
  ATELIER_HOME="$train_home/home" "$launcher" >>"$out/aot-training.log" 2>&1 \
    || { cat "$out/aot-training.log"; exit 1; }
  with_options '-XX:AOTCache=$APPDIR/atelier.aot'
  rm -rf "$train_home" "$cfg.orig" "$out/$app_dir/atelier.aotconf"
  aot="$out/$app_dir/atelier.aot"
  [ -s "$aot" ] || { echo "package.sh: no $aot was made" >&2; cat "$out/aot-training.log"; exit 1; }
  log "AOT cache: $(du -h "$aot" | cut -f1) in $(since "$t") (log: $out/aot-training.log)"
fi

# --- The installer --------------------------------------------------------------------------------
type=${ATELIER_PACKAGE_TYPE:-}
if [ -z "$type" ]; then
  case "$os" in
    linux)
      if command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then type=deb; else
        log "no dpkg-deb/fakeroot: app-image only (Debian: apt-get install fakeroot)"; type=none
      fi ;;
    windows) type=msi ;;
    macos) type=dmg ;;
  esac
fi
if [ "$type" != none ]; then
  t=$(now)
  # jpackage's --resource-dir (see installer/$os/package.args): this OS's folder, with the
  # .desktop files renamed after the launchers on Linux.
  mkdir -p "$out/resources"
  cp -R "installer/$os/." "$out/resources/"
  if [ "$os" = linux ]; then
    grep -v '^#' "$out/resources/studio.desktop" >"$out/resources/Atelier.desktop"
    grep -v '^#' "$out/resources/cli.desktop" >"$out/resources/atelier.desktop"
    rm "$out/resources/studio.desktop" "$out/resources/cli.desktop"
  fi
  "$jdk/bin/jpackage" --type "$type" --dest "$out" --app-image "$out/$image" \
    --app-version "$app_version" @installer/jpackage.args @"installer/$os/package.args"
  log "$type: $(ls "$out"/*."$type") in $(since "$t")"
fi

log "sizes: app-image $(du -sh "$out/$image" | cut -f1)$(for f in "$out"/*.{deb,rpm,msi,exe,dmg,pkg}; do [ -f "$f" ] && printf ', %s %s' "$(basename "$f")" "$(du -h "$f" | cut -f1)"; done)"
log "done in $(since "$start")"
