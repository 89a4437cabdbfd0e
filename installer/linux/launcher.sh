#!/bin/bash
# Atelier's launcher on Linux: bin/Atelier (the studio) and bin/atelier (the command line) are
# copies of this script. It starts the image's own Java runtime with what jpackage wrote into the
# launcher's .cfg (lib/app/NAME.cfg: class path, main class, Java options, with $APPDIR for the
# folder of the jars).
#
# Why not jpackage's native launcher: before it starts Java, it asks the package managers which
# package owns it (`rpm -qf`, then `dpkg -S` and `dpkg -L` over the whole package database), on
# every start; that took 0.16 s of the studio's start-up here, more once installed, and as much
# again for each command-line call. This script takes a few milliseconds.
set -euo pipefail
launcher=$(readlink -f "$0")
image=$(dirname "$(dirname "$launcher")")
APPDIR=$image/lib/app
cfg=$APPDIR/$(basename "$launcher").cfg
java=$image/lib/runtime/bin/java
[ -r "$cfg" ] && [ -x "$java" ] || {
  echo "$(basename "$launcher"): this installation is incomplete (no $cfg or $java); reinstall Atelier" >&2
  exit 1
}
classpath=() options=() main=
while IFS= read -r line || [ -n "$line" ]; do
  value=${line#*=}
  value=${value//\$APPDIR/$APPDIR}
  case $line in
    app.classpath=*) classpath+=("$value") ;;
    app.mainclass=*) main=$value ;;
    java-options=*) options+=("$value") ;;
  esac
done <"$cfg"
path=$(IFS=:; printf '%s' "${classpath[*]}")
exec "$java" "${options[@]}" "-Djpackage.app-path=$launcher" -cp "$path" "$main" "$@"
